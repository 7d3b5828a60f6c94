/**
 * Notifications benchmark (spec §14), in-process with a temp database and a clock the bench moves
 * (its timers run when it reaches them, as in the tests), 1,000 3-layer Berlin schedules and one
 * webhook channel hearing every event, posting to a local receiver that answers 204:
 * - the notifier's first look: every schedule's next 120 days computed and stored;
 * - the next 24 h of notices: the clock jumps a day, and the handoffs, reminders and gaps of that
 *   day are planned, stored and sent (the time until everything was delivered);
 * - `GET /schedules/{id}/oncall` throughput while the notifier works (the clock moving an hour a
 *   second, notices planned and sent) against the same app with no channel (the notifier
 *   idle), measured one after the other in this run. Target: ratio ≥ 0.95.
 * Run alone with `npx tsx bench/notify.ts`.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import type { Timer } from '../src/config.js';
import { DAY, HOUR, scaled, startBenchApp, type Figure } from './fixtures.js';
import { seed } from './scale.js';

const SCHEDULES = scaled(1_000, 50);
const DURATION_S = scaled(5, 1);
/** How far the clock moves every 100 ms under load: 6 minutes, an hour a second (the next day's handoffs in a full run). */
const STEP = HOUR / 10;

/** A clock standing still until the bench moves it; its timers run when it reaches them. */
function benchClock(start: number) {
  let current = start;
  let timers: { at: number; wake: () => void }[] = [];
  const timer: Timer = {
    at(at, wake) {
      const entry = { at, wake };
      timers.push(entry);
      return () => void (timers = timers.filter((t) => t !== entry));
    },
  };
  const advance = (ms: number): void => {
    current += ms;
    const due = timers.filter((t) => t.at <= current);
    timers = timers.filter((t) => t.at > current);
    for (const t of due) t.wake();
  };
  return {
    now: () => current,
    timer,
    advance,
    /** Moves from wake-up to wake-up until `end`, as real time would, letting each wake finish (`settled`). */
    async walkTo(end: number, settled: () => Promise<void>): Promise<number> {
      let wakes = 0;
      for (;;) {
        const next = Math.min(...timers.map((t) => t.at));
        if (!(next <= end)) break;
        advance(next - current);
        wakes++;
        await settled();
      }
      advance(end - current);
      await settled();
      return wakes;
    },
  };
}

/** A webhook receiver in a child process answering 204; GET /count tells how many notices it got. */
async function startReceiver() {
  const code = `
    let n = 0;
    const server = require('node:http').createServer((req, res) => {
      if (req.method === 'GET') return res.end(String(n));
      req.resume();
      req.on('end', () => { n++; res.writeHead(204).end(); });
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const url = `http://127.0.0.1:${port}`;
  return { url, process: child, count: async () => Number(await (await fetch(`${url}/count`)).text()) };
}

async function oncallReqPerSec(url: string, token: string): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: DURATION_S, headers: { authorization: `Bearer ${token}` } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

export async function runNotifyBench(): Promise<Figure[]> {
  // Sunday 07:30 UTC (the epoch was a Thursday): the next day holds the reminders of Monday's 09:00
  // Berlin handoffs (08:00 UTC in winter, 07:00 in summer: one of the two within it), and the load,
  // from Monday 07:30 UTC on, runs through the handoffs themselves, every schedule's at once.
  const start = Math.floor(Date.now() / (7 * DAY)) * 7 * DAY + 3 * DAY + 7.5 * HOUR;
  const clock = benchClock(start);
  // The receiver runs in a process of its own, as receivers do: its work must not count as Rota's.
  const receiver = await startReceiver();
  const hook = `${receiver.url}/hook`;
  const bench = await startBenchApp(start, { now: clock.now, timer: clock.timer, webhookAllowPrivate: true });
  const notifier = bench.app.services.notifications.notifier;
  try {
    await seed(bench, SCHEDULES, start);
    const reader = (await bench.call('POST', '/api/v1/api-tokens', { name: 'alerting', scope: 'read' })).token as string;
    const channel = { name: 'all', kind: 'webhook', url: hook, events: ['shift.started', 'shift.upcoming', 'shifts.changed', 'coverage.gap'], remindBefore: 'PT1H' };

    let t0 = performance.now();
    await bench.call('PUT', '/api/v1/channels/all', channel);
    await notifier.idle();
    const firstLook = performance.now() - t0;

    t0 = performance.now();
    const wakes = await clock.walkTo(start + DAY, () => notifier.idle());
    const day = performance.now() - t0;
    const dayNotices = await receiver.count();

    const url = `${await bench.app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/schedules/comms/oncall`;
    await oncallReqPerSec(url, reader); // warm-up
    /** oncall req/s while the clock moves STEP every 100 ms. */
    const measure = async (): Promise<number> => {
      const moving = setInterval(() => clock.advance(STEP), 100);
      try {
        return await oncallReqPerSec(url, reader);
      } finally {
        clearInterval(moving);
      }
    };
    const working = await measure();
    await notifier.idle();
    const sentWhileLoaded = (await receiver.count()) - dayNotices;
    const res = await bench.app.inject({ method: 'DELETE', url: '/api/v1/channels/all', headers: { authorization: `Bearer ${bench.admin}` } });
    if (res.statusCode !== 204) throw new Error(`DELETE channel → ${res.statusCode}`);
    await notifier.idle();
    const idle = await measure();
    const ratio = working / idle;

    console.log(`notify: ${SCHEDULES} schedules, one webhook channel hearing every event, remindBefore PT1H`);
    console.table([
      { case: "notifier's first look (120 days of every schedule)", value: `${firstLook.toFixed(0)} ms` },
      { case: `next 24 h of notices planned, stored and delivered (${wakes} wakes)`, value: `${day.toFixed(0)} ms for ${dayNotices} notices` },
      { case: `oncall req/s, notifier working (${sentWhileLoaded} notices sent meanwhile)`, value: Math.round(working) },
      { case: 'oncall req/s, no channel (notifier idle)', value: Math.round(idle) },
      { case: 'ratio', value: ratio.toFixed(2) },
    ]);
    return [
      { what: `notifier first look, ${SCHEDULES} schedules × 120 days`, figure: `${firstLook.toFixed(0)} ms` },
      { what: `next 24 h of notices, ${SCHEDULES} schedules (planned, stored, delivered)`, figure: `${day.toFixed(0)} ms for ${dayNotices} notices` },
      { what: 'oncall req/s with the notifier working vs idle', figure: `${Math.round(working)} vs ${Math.round(idle)} (${ratio.toFixed(2)})`, target: '≥ 0.95' },
    ];
  } finally {
    await bench.close();
    receiver.process.kill();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runNotifyBench();
