/**
 * Load benchmark, in-process on loopback with a temp database: autocannon reads `oncall`,
 * `shifts` (one week) and a schedule's iCal feed (read API token) while two writers keep adding
 * overrides to the same schedule over HTTP, so every read races cache invalidation. Any non-2xx
 * or error fails the run. Prints req/s, p99 and the writes made. Run alone with
 * `npx tsx bench/load.ts`.
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { HOUR, scaled, startBenchApp, type Figure } from './fixtures.js';

const DURATION_S = scaled(8, 2);
const CONNECTIONS = 10;
const WRITERS = 2;

/** Adds one-hour overrides, one after another, until `stop()`; throws on the first failure. */
function overrideWriter(base: string, token: string, offsetHours: number) {
  let stopped = false;
  let writes = 0;
  const done = (async () => {
    const first = Math.ceil(Date.now() / HOUR) * HOUR + offsetHours * HOUR;
    for (let k = 0; !stopped; k++) {
      const start = first + k * WRITERS * HOUR;
      const res = await fetch(`${base}/api/v1/schedules/comms/overrides`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ person: 'erin', start: new Date(start).toISOString(), end: new Date(start + HOUR).toISOString(), note: 'load' }),
      });
      if (res.status !== 201) throw new Error(`override write → ${res.status}: ${await res.text()}`);
      writes++;
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return writes;
    },
  };
}

export async function runLoadBench(): Promise<Figure[]> {
  const bench = await startBenchApp();
  const { app, admin, call } = bench;
  try {
    const reader = (await call('POST', '/api/v1/api-tokens', { name: 'alerting', scope: 'read' })).token as string;
    const feedPath = new URL((await call('POST', '/api/v1/feeds', { schedule: 'comms' })).url as string).pathname;
    const base = await app.listen({ host: '127.0.0.1', port: 0 });

    const from = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const to = new Date(from.getTime() + 7 * 24 * HOUR);
    const paths = [
      '/api/v1/schedules/comms/oncall',
      `/api/v1/schedules/comms/shifts?from=${from.toISOString()}&to=${to.toISOString()}`,
      feedPath,
    ];
    const writers = Array.from({ length: WRITERS }, (_, i) => overrideWriter(base, admin, i));
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: { authorization: `Bearer ${reader}` },
      // Each connection cycles through the three reads.
      requests: paths.map((path) => ({ method: 'GET' as const, path })),
    });
    const writes = (await Promise.all(writers.map((w) => w.stop()))).reduce((a, b) => a + b, 0);
    if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
      throw new Error(`load: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    }
    console.log(`load: ${CONNECTIONS} connections × ${DURATION_S} s reading oncall, shifts (7 days) and the iCal feed; ${WRITERS} writers adding overrides`);
    console.table([
      {
        reads: result.requests.total,
        reqPerSec: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        maxMs: result.latency.max,
        overridesWritten: writes,
        writesPerSec: Math.round(writes / DURATION_S),
        errors: 0,
      },
    ]);
    return [
      {
        what: `load: oncall, shifts, feed beside ${WRITERS} override writers`,
        figure: `${Math.round(result.requests.average)} req/s mixed reads, p99 ${result.latency.p99} ms, 0 errors, ${writes} writes`,
      },
    ];
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runLoadBench();
