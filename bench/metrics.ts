/**
 * Metrics benchmark, in-process on loopback with a temp database: `GET /metrics` with 1,000
 * 3-layer Berlin schedules (seeded by one import, as in the scale part) — the first scrape (every
 * holder and every schedule's gaps over four weeks computed), the warm median (what a 15 s
 * Prometheus scrape costs: answers from the caches), and the first scrape after an override on
 * one schedule (that schedule recomputed) — against a bare Fastify route returning constant text
 * with the same options, timed the same way.
 * Run alone with `npx tsx bench/metrics.ts`.
 */
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { fastifyOptions } from '../src/app.js';
import { DAY, HOUR, median, scaled, startBenchApp, type Figure } from './fixtures.js';
import { seed } from './scale.js';

const SCHEDULES = scaled(1_000, 100);
const SAMPLES = scaled(20, 5);

/** GET `url` timed to its last byte. */
async function timedGet(url: string): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}: ${body.slice(0, 300)}`);
  return { ms: performance.now() - t0, body };
}

async function medianOf(url: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) samples.push((await timedGet(url)).ms);
  return median(samples);
}

export async function runMetricsBench(): Promise<Figure[]> {
  const now = Date.now();
  const bench = await startBenchApp(now);
  const baseline = Fastify(fastifyOptions({ logger: false }));
  try {
    const seedMs = await seed(bench, SCHEDULES, now);
    baseline.get('/constant', async () => 'rota_build_info{version="0.1.0"} 1\n');
    const metricsUrl = `${await bench.app.listen({ host: '127.0.0.1', port: 0 })}/metrics`;
    const bareUrl = `${await baseline.listen({ host: '127.0.0.1', port: 0 })}/constant`;

    const first = await timedGet(metricsUrl);
    const holders = first.body.split('\n').filter((l) => l.startsWith('rota_oncall{')).length;
    if (holders !== SCHEDULES) throw new Error(`expected ${SCHEDULES} rota_oncall series, got ${holders}`);
    const warm = await medianOf(metricsUrl);
    const at = Math.ceil(now / HOUR) * HOUR + 3 * DAY;
    await bench.call('POST', '/api/v1/schedules/s-1/overrides', { person: 'p-b', start: new Date(at).toISOString(), end: new Date(at + HOUR).toISOString() });
    const afterWrite = (await timedGet(metricsUrl)).ms;
    await timedGet(bareUrl);
    const bare = await medianOf(bareUrl);

    console.log(`metrics: GET /metrics, ${SCHEDULES} schedules (seeded in ${(seedMs / 1000).toFixed(1)} s, ${first.body.length} bytes per scrape)`);
    console.table(
      [
        { case: 'first scrape (holders and 4 weeks of gaps computed)', ms: first.ms },
        { case: `warm scrape, median of ${SAMPLES}`, ms: warm },
        { case: 'first scrape after an override on one schedule', ms: afterWrite },
        { case: `bare Fastify constant route, median of ${SAMPLES}`, ms: bare },
      ].map((r) => ({ ...r, ms: Number(r.ms.toFixed(2)) })),
    );
    return [
      {
        what: `GET /metrics, ${SCHEDULES} schedules: first / warm / after a write; bare route`,
        figure: `${first.ms.toFixed(0)} / ${warm.toFixed(1)} / ${afterWrite.toFixed(1)} ms; bare ${bare.toFixed(2)} ms (warm ×${(warm / bare).toFixed(0)})`,
      },
    ];
  } finally {
    await baseline.close();
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runMetricsBench();
