/**
 * HTTP benchmark of the polled route, in-process on loopback with a temp database:
 * `GET /api/v1/schedules/{id}/oncall` (realistic Berlin schedule, read API token) against a bare
 * Fastify route returning constant JSON on a separate instance with the same options, in the
 * same run, at 10 and at 100 connections. Target: ratio of req/s ≥ 0.8.
 * Run alone with `npx tsx bench/http.ts`.
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { fastifyOptions } from '../src/app.js';
import { scaled, startBenchApp, type Figure } from './fixtures.js';

const DURATION_S = scaled(5, 1);
const CONNECTIONS = [10, 100];

async function load(url: string, connections: number, token?: string) {
  const result = await autocannon({
    url,
    connections,
    duration: DURATION_S,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { reqPerSec: result.requests.average, p99Ms: result.latency.p99 };
}

export async function runHttpBench(): Promise<Figure[]> {
  const bench = await startBenchApp();
  const baseline = Fastify(fastifyOptions({ logger: false }));
  try {
    const reader = (await bench.call('POST', '/api/v1/api-tokens', { name: 'alerting', scope: 'read' })).token as string;
    baseline.get('/constant', async () => ({ schedule: 'comms', person: null, source: 'gap' }));
    const oncallUrl = `${await bench.app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/schedules/comms/oncall`;
    const bareUrl = `${await baseline.listen({ host: '127.0.0.1', port: 0 })}/constant`;

    // Warm both up, then measure one after the other in the same process.
    await load(bareUrl, 10);
    await load(oncallUrl, 10, reader);
    const rows = [];
    for (const connections of CONNECTIONS) {
      const bare = await load(bareUrl, connections);
      const onCall = await load(oncallUrl, connections, reader);
      rows.push({ connections, bareReqPerSec: bare.reqPerSec, oncallReqPerSec: onCall.reqPerSec, bareP99Ms: bare.p99Ms, oncallP99Ms: onCall.p99Ms });
    }
    console.log(`http: GET /schedules/comms/oncall vs bare Fastify constant JSON, ${DURATION_S} s each (target: ratio ≥ 0.8)`);
    console.table(
      rows.map((r) => ({
        ...r,
        bareReqPerSec: Math.round(r.bareReqPerSec),
        oncallReqPerSec: Math.round(r.oncallReqPerSec),
        ratio: Number((r.oncallReqPerSec / r.bareReqPerSec).toFixed(2)),
      })),
    );
    return rows.map((r) => ({
      what: `oncall vs bare Fastify, ${r.connections} connections`,
      figure: `${Math.round(r.oncallReqPerSec)} vs ${Math.round(r.bareReqPerSec)} req/s (${(r.oncallReqPerSec / r.bareReqPerSec).toFixed(2)}), p99 ${r.oncallP99Ms} vs ${r.bareP99Ms} ms`,
      target: '≥ 0.8',
    }));
  } finally {
    await baseline.close();
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runHttpBench();
