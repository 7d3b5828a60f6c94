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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { feedDocument } from '../src/feeds/content.js';
import { renderFeed } from '../src/feeds/render.js';

const DAY = 86_400_000;
const ADMIN = { email: 'bench@example.com', password: 'bench password 1' };

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function send(app: FastifyInstance, token: string, method: 'PUT' | 'POST', url: string, payload: object) {
  const res = await app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The schedule, started 3 years back, and a feed URL for it. */
async function seed(app: FastifyInstance, now: number): Promise<string> {
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
  const token = login.json().token as string;
  for (const id of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'director']) {
    await send(app, token, 'PUT', `/api/v1/people/${id}`, { name: `${id[0]!.toUpperCase()}${id.slice(1)} Example`, email: `${id}@example.com`, phone: '+49 30 0000' });
  }
  await send(app, token, 'PUT', '/api/v1/holiday-calendars/de-be', { name: 'Berlin', region: 'DE-BE' });
  const start = new Date(now - 3 * 365 * DAY).toISOString().slice(0, 10);
  await send(app, token, 'PUT', '/api/v1/schedules/comms', {
    name: 'Communications coordinator',
    timeZone: 'Europe/Berlin',
    fallback: 'director',
    layers: [
      { id: 'weekly', name: 'Weekly', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: `${start}T09:00` } },
      {
        id: 'weekend',
        name: 'Weekend',
        participants: ['dave', 'erin'],
        rotation: { every: 'P1W', start: `${start}T17:00` },
        activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] },
      },
      {
        id: 'holidays',
        name: 'Holidays',
        participants: ['frank', 'grace'],
        rotation: { per: 'window', start: `${start}T00:00` },
        activeWhen: { holidays: [{ calendar: 'de-be' }] },
      },
    ],
  });
  for (let i = 1; i <= 5; i++) {
    const at = Math.floor(now / 3_600_000) * 3_600_000 + i * 17 * DAY;
    await send(app, token, 'POST', '/api/v1/schedules/comms/overrides', {
      person: 'grace',
      start: new Date(at).toISOString(),
      end: new Date(at + 6 * 3_600_000).toISOString(),
      note: `swap #${i}`,
    });
  }
  return (await send(app, token, 'POST', '/api/v1/feeds', { schedule: 'comms' })).url as string;
}

async function requestsPerSecond(url: string, headers: Record<string, string>): Promise<{ rps: number; p50: number; status: string }> {
  const result = await autocannon({ url, connections: 10, duration: 5, headers });
  const statuses = Object.entries({ '2xx': result['2xx'], '3xx': result['3xx'], '4xx': result['4xx'], '5xx': result['5xx'] })
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}:${n}`)
    .join(' ');
  return { rps: result.requests.average, p50: result.latency.p50, status: statuses };
}

export async function runFeedBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-'));
  const app = await buildApp({ dbPath: join(dir, 'rota.db'), adminEmail: ADMIN.email, adminPassword: ADMIN.password, logger: false });
  try {
    const now = Date.now();
    const feedUrl = await seed(app, now);
    const subject = { scheduleId: 'comms', personId: null };

    const generate = async () => renderFeed(await feedDocument(app.services, subject, now), now);
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
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runFeedBench();
