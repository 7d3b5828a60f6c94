/**
 * HTTP benchmark of the on-call API, in-process on loopback with a temp database:
 * 1. `GET /api/v1/schedules/{id}/oncall` (realistic Berlin schedule, read API token) against a
 *    bare Fastify route returning constant JSON on a separate instance with the same options,
 *    in the same run. Target: ratio of req/s ≥ 0.5.
 * 2. `GET /api/v1/oncall` with 1,000 schedules. Target: median < 100 ms.
 * Run alone with `npx tsx bench/http.ts`.
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { fastifyOptions } from '../src/app.js';
import { berlinSchedule, DAY, median, startBenchApp } from './fixtures.js';

const SCHEDULES = 1000;
const DURATION_S = 5;
const CONNECTIONS = 10;

async function load(url: string, token?: string) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { reqPerSec: result.requests.average, p99Ms: result.latency.p99 };
}

export async function runHttpBench(): Promise<void> {
  const bench = await startBenchApp();
  const { app, call } = bench;
  const baseline = Fastify(fastifyOptions({ logger: false }));
  try {
    const reader = (await call('POST', '/api/v1/api-tokens', { name: 'alerting', scope: 'read' })).token as string;

    baseline.get('/constant', async () => ({ schedule: 'comms', person: null, source: 'gap' }));
    const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const baseUrl = await baseline.listen({ host: '127.0.0.1', port: 0 });

    // Warm both up, then measure one after the other in the same process.
    await load(`${baseUrl}/constant`);
    await load(`${appUrl}/api/v1/schedules/comms/oncall`, reader);
    const bare = await load(`${baseUrl}/constant`);
    const onCall = await load(`${appUrl}/api/v1/schedules/comms/oncall`, reader);
    console.log(`http: ${CONNECTIONS} connections × ${DURATION_S} s (target: ratio ≥ 0.5)`);
    console.table([
      { route: 'bare Fastify constant JSON', reqPerSec: Math.round(bare.reqPerSec), p99Ms: bare.p99Ms },
      { route: 'GET /schedules/comms/oncall', reqPerSec: Math.round(onCall.reqPerSec), p99Ms: onCall.p99Ms },
    ]);
    console.log(`ratio oncall / bare: ${(onCall.reqPerSec / bare.reqPerSec).toFixed(2)}`);

    // 1,000 schedules, saved through the service (validation and coverage guard included).
    const actor = { type: 'system' as const, id: 'bench', label: 'bench' };
    const startDate = new Date(Date.now() - 3 * 365 * DAY).toISOString().slice(0, 10);
    const t0 = performance.now();
    for (let i = 1; i < SCHEDULES; i++) await app.services.schedules.put(`s-${i}`, berlinSchedule(`Schedule ${i}`, startDate), undefined, actor);
    const saveMs = (performance.now() - t0) / (SCHEDULES - 1);
    const everyone = async () => {
      const t = performance.now();
      const res = await fetch(`${appUrl}/api/v1/oncall`, { headers: { authorization: `Bearer ${reader}` } });
      const body = (await res.json()) as { oncall: unknown[] };
      if (body.oncall.length !== SCHEDULES) throw new Error(`expected ${SCHEDULES} answers, got ${body.oncall.length}`);
      return performance.now() - t;
    };
    const cold = await everyone();
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) samples.push(await everyone());
    await app.services.overrides.create('s-1', { personId: 'bob', start: Date.now(), end: Date.now() + 3_600_000, note: null }, actor);
    const afterOverride = await everyone();
    app.services.invalidateAll(); // what a calendar edit does
    const afterCalendarEdit = await everyone();
    console.log(`GET /api/v1/oncall, ${SCHEDULES} schedules (target: median < 100 ms)`);
    console.table([
      { case: 'median of 30 (warm)', ms: Number(median(samples).toFixed(1)) },
      { case: 'first request after seeding (nothing compiled)', ms: Number(cold.toFixed(1)) },
      { case: 'first request after an override write', ms: Number(afterOverride.toFixed(1)) },
      { case: 'first request after a calendar edit', ms: Number(afterCalendarEdit.toFixed(1)) },
      { case: 'schedule PUT incl. 365-day coverage check (mean)', ms: Number(saveMs.toFixed(2)) },
    ]);
  } finally {
    await baseline.close();
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runHttpBench();
