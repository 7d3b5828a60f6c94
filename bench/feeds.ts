/**
 * Feed benchmark on a 3-layer Berlin schedule (weekly handoff, FR 17:00→MO 09:00 weekend layer,
 * DE-BE holiday layer) with a few overrides, in a real app on a temp SQLite file:
 *
 * - generating the 395-day feed (document from the timelines + RFC 5545 text), median ms —
 *   target < 50 ms;
 * - GET /feeds/{token}.ics requests/s over loopback (autocannon), without and with
 *   If-None-Match (200 with the cached body vs 304).
 *
 * Run alone with `npx tsx bench/feeds.ts`.
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { feedDocument } from '../src/services/feed-content.js';
import { renderFeed } from '../src/feeds/render.js';
import { DAY, HOUR, median, scaled, startBenchApp, type BenchApp, type Figure } from './fixtures.js';

/** A few overrides on the schedule, and a feed URL for it. */
async function seedFeed({ call }: BenchApp, now: number): Promise<string> {
  for (let i = 1; i <= 5; i++) {
    const at = Math.floor(now / HOUR) * HOUR + i * 17 * DAY;
    await call('POST', '/api/v1/schedules/comms/overrides', {
      person: 'grace',
      start: new Date(at).toISOString(),
      end: new Date(at + 6 * HOUR).toISOString(),
      note: `swap #${i}`,
    });
  }
  return (await call('POST', '/api/v1/feeds', { schedule: 'comms' })).url as string;
}

async function requestsPerSecond(url: string, headers: Record<string, string>): Promise<{ rps: number; p50: number; status: string }> {
  const result = await autocannon({ url, connections: 10, duration: scaled(5, 1), headers });
  const statuses = Object.entries({ '2xx': result['2xx'], '3xx': result['3xx'], '4xx': result['4xx'], '5xx': result['5xx'] })
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}:${n}`)
    .join(' ');
  return { rps: result.requests.average, p50: result.latency.p50, status: statuses };
}

export async function runFeedBench(): Promise<Figure[]> {
  const now = Date.now();
  const bench = await startBenchApp(now);
  const { app } = bench;
  try {
    const feedUrl = await seedFeed(bench, now);
    const subject = { scheduleId: 'comms', personId: null };

    const generate = async () => renderFeed(await feedDocument(app.services, subject, now));
    for (let i = 0; i < 10; i++) await generate();
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      bytes = (await generate()).length;
      samples.push(performance.now() - t0);
    }
    const events = (await generate()).split('BEGIN:VEVENT').length - 1;

    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address}${new URL(feedUrl).pathname}`;
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    await first.text();
    const plain = await requestsPerSecond(url, {});
    const conditional = await requestsPerSecond(url, { 'if-none-match': etag });

    console.log('feeds: 3-layer Berlin schedule, 395-day window (target: generation < 50 ms)');
    console.table([
      { case: 'generate feed (document + render)', value: Number(median(samples).toFixed(2)), unit: 'ms median', detail: `${events} events, ${Math.round(bytes / 1024)} KiB` },
      { case: 'GET feed', value: Math.round(plain.rps), unit: 'req/s', detail: `p50 ${plain.p50} ms, ${plain.status}` },
      { case: 'GET feed, If-None-Match', value: Math.round(conditional.rps), unit: 'req/s', detail: `p50 ${conditional.p50} ms, ${conditional.status}` },
    ]);
    return [
      {
        what: '395-day schedule feed: generation; req/s 200 / 304',
        figure: `${median(samples).toFixed(1)} ms; ${Math.round(plain.rps)} / ${Math.round(conditional.rps)} req/s`,
        target: '< 50 ms',
      },
    ];
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runFeedBench();
