/**
 * "Nothing stalls" benchmark: a real server in a child process (as deployed: its own event
 * loop, its own memory), `GET /schedules/comms/oncall` under 200 connections — first alone, then
 * while previews at the edge of the budget (a 15-minute layer over 3 years, ~105,000 handoffs)
 * run back to back beside it. Reports the oncall p99, req/s, errors and timeouts in both runs,
 * what the previews got, and the server's peak memory. Run alone with `npx tsx bench/stall.ts`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { loginOver, startChildServer } from '../test/durability/child-server.js';
import { median, scaled, seedOverHttp, type Figure } from './fixtures.js';

const CONNECTIONS = 200;
const ALONE_S = scaled(5, 1);
const BESIDE_S = scaled(10, 2);
const PREVIEW_LOOPS = 2;

const edgeOfBudget = {
  schedule: {
    name: 'Edge of the budget',
    timeZone: 'Europe/Berlin',
    fallback: 'director',
    layers: [{ id: 'quarter-hours', participants: ['alice', 'bob'], rotation: { every: 'PT15M', start: '2027-01-04T00:00' } }],
  },
  from: '2027-01-04T00:00:00Z',
  to: '2030-01-04T00:00:00Z',
};

/** Sends previews one after another until stopped; returns each one's status and wall time. */
function previewLoop(base: string, token: string) {
  let stopped = false;
  const answers: { status: number; ms: number }[] = [];
  const done = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}/api/v1/schedules/preview`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(edgeOfBudget),
        });
        await res.arrayBuffer();
        answers.push({ status: res.status, ms: performance.now() - t0 });
      } catch {
        answers.push({ status: 0, ms: performance.now() - t0 });
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return answers;
    },
  };
}

function peakRssMb(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

async function oncallLoad(url: string, token: string, seconds: number) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { authorization: `Bearer ${token}` } });
  // `sent` is in autocannon's result but not in its types. Requests still waiting when the run
  // ends are neither answered nor timed out: sent − answered shows them.
  const sent = (result.requests as { sent?: number }).sent ?? 0;
  return {
    sent,
    answered: result.requests.total,
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export async function runStallBench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-stall-'));
  const server = await startChildServer(join(dir, 'rota.db'));
  try {
    const reader = await seedOverHttp(server.base, await loginOver(server.base));
    const url = `${server.base}/api/v1/schedules/comms/oncall`;
    await oncallLoad(url, reader, 1); // warm-up
    const alone = await oncallLoad(url, reader, ALONE_S);
    const loops = Array.from({ length: PREVIEW_LOOPS }, () => previewLoop(server.base, reader));
    const beside = await oncallLoad(url, reader, BESIDE_S);
    const previews = (await Promise.all(loops.map((l) => l.stop()))).flat();
    const peak = peakRssMb(server.process.pid!);

    const statuses = new Map<number, number>();
    for (const p of previews) statuses.set(p.status, (statuses.get(p.status) ?? 0) + 1);
    const previewSummary = `${previews.length} previews (${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}), median ${Math.round(median(previews.map((p) => p.ms)))} ms`;
    console.log(`stall: GET /schedules/comms/oncall, ${CONNECTIONS} connections, a real server process; previews PT15M × 3 years in ${PREVIEW_LOOPS} loops beside the second run`);
    console.table([
      { run: `alone, ${ALONE_S} s`, ...alone },
      { run: `beside previews, ${BESIDE_S} s`, ...beside },
    ]);
    console.log(`${previewSummary}; server peak RSS ${Math.round(peak)} MB`);
    return [
      {
        what: `oncall at ${CONNECTIONS} connections beside edge-of-budget previews`,
        figure:
          `${beside.reqPerSec} req/s (alone ${alone.reqPerSec}), p99 ${beside.p99Ms} ms (alone ${alone.p99Ms}), ` +
          `${beside.errors} errors, ${beside.timeouts} timeouts, ${beside.non2xx} non-2xx, ${beside.sent - beside.answered} unanswered at the end`,
        target: '0 errors, timeouts or unanswered',
      },
      { what: 'previews beside it', figure: `${previewSummary}; server peak RSS ${Math.round(peak)} MB` },
    ];
  } finally {
    server.process.kill('SIGKILL');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runStallBench();
