/**
 * What the abuse suite shares: a real Rota server in a child process that is restarted when an
 * attack left it stuck (so one hang fails one test, not every test after it), requests timed
 * against a deadline, and a watchdog that polls /healthz and reads the child's memory while an
 * attack runs.
 *
 * The limits are the promise, not performance figures: an attack is answered within
 * 2 s, no /healthz poll beside it takes more than 200 ms, and the server stays under 512 MB.
 */
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { expect } from 'vitest';
import { startChildServer, type ChildServer } from '../durability/child-server.js';

export const DEADLINE_MS = 2_000;
export const HEALTHZ_MAX_MS = 200;
export const RSS_LIMIT_MB = 512;
const POLL_INTERVAL_MS = 50;
/** Past the test's limit anyway; killing the child here keeps a runaway from starving the machine. */
const KILL_ABOVE_MB = 1_536;
/** A request gives up this long after its deadline: long enough to see how late it was, short enough not to wait for a hang. */
const GIVE_UP_AFTER_DEADLINE_MS = 1_000;

/** The server under attack; `recoverIfStuck` replaces it with a fresh process on the same file. */
export class AbuseTarget {
  private server: ChildServer | undefined;
  readonly restarts: string[] = [];

  constructor(private readonly dbPath: string) {}

  async start(): Promise<void> {
    this.server = await startChildServer(this.dbPath);
  }

  private get running(): ChildServer {
    if (!this.server) throw new Error('the server is not started');
    return this.server;
  }

  get base(): string {
    return this.running.base;
  }

  get pid(): number {
    return this.running.process.pid!;
  }

  /**
   * After an attack: when the server is gone or /healthz does not answer within a second, kill
   * it and start a new one on the same database (sessions and API tokens live there, so the
   * suite's credentials keep working); `restarts` lists after which tests it had to.
   */
  async recoverIfStuck(after: string): Promise<void> {
    const child = this.running.process;
    if (child.exitCode === null && child.signalCode === null) {
      const probe = await timed(`${this.base}/healthz`, {}, 1_000);
      if (probe.status === 200) return;
    }
    this.restarts.push(after);
    child.kill('SIGKILL');
    await this.running.exited;
    await this.start();
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.process.kill('SIGKILL');
    await this.server.exited;
  }
}

export interface Answer {
  /** 0 when nothing came back before the request gave up. */
  status: number;
  contentType: string;
  body: string;
  /** Wall time until the whole body was read. */
  ms: number;
}

/** One request, timed to its last byte; gives up `deadlineMs` + 1 s after it was sent. */
export async function timed(url: string, init: RequestInit = {}, deadlineMs = DEADLINE_MS): Promise<Answer> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(deadlineMs + GIVE_UP_AFTER_DEADLINE_MS) });
    const body = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body, ms: performance.now() - t0 };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { status: 0, contentType: '', body: `no answer: ${why}`, ms: performance.now() - t0 };
  }
}

/** A JSON request with a bearer token, timed. */
export function request(base: string, token: string | null, method: string, path: string, body?: unknown, deadlineMs = DEADLINE_MS): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return timed(`${base}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) }, deadlineMs);
}

/** What the watchdog saw while an attack ran. */
export interface Calm {
  maxPollMs: number;
  polls: number;
  failures: string[];
  peakRssMb: number;
  /** The watchdog killed the server for using more than 1.5 GB. */
  killed: boolean;
}

/** Resident memory of a process now, in MB (threads included: they share the process). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Resets the kernel's peak-RSS mark (VmHWM) of `pid`, so the next reading covers only what follows. */
function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/**
 * Runs `attack` while a worker thread polls /healthz every 50 ms and samples the server's memory;
 * returns the attack's result with what the watchdog saw. The attack starts once the first poll
 * has come back, so even a quick attack is measured against a poll in progress.
 */
export async function watch<T>(target: AbuseTarget, attack: () => Promise<T>): Promise<{ result: T; calm: Calm }> {
  resetPeakRss(target.pid);
  const worker = new Worker(new URL('./monitor-worker.mjs', import.meta.url), {
    workerData: { base: target.base, pid: target.pid, intervalMs: POLL_INTERVAL_MS, killAboveMb: KILL_ABOVE_MB },
  });
  try {
    await Promise.race([once(worker, 'message'), sleep(5_000)]);
    const result = await attack();
    const report = once(worker, 'message');
    worker.postMessage('stop');
    const [calm] = (await report) as [Calm];
    return { result, calm };
  } finally {
    await worker.terminate();
  }
}

// The deadline and calm checks are soft: the test still fails, but goes on to show what the
// answer was, so one run tells both "too slow" and "wrong".

/** The server stayed responsive and small while the attack ran. */
export function expectCalm(calm: Calm): void {
  expect.soft(calm.killed, 'the watchdog killed the server for using more than 1.5 GB').toBe(false);
  expect.soft(calm.failures, '/healthz polls that failed during the attack').toEqual([]);
  expect.soft(calm.maxPollMs, `slowest /healthz poll during the attack (ms, over ${calm.polls} polls)`).toBeLessThanOrEqual(HEALTHZ_MAX_MS);
  expect.soft(calm.peakRssMb, 'peak resident memory of the server (MB)').toBeLessThan(RSS_LIMIT_MB);
}

/** The answer came back within `deadlineMs`. */
export function expectAnsweredWithin(answer: Answer, deadlineMs = DEADLINE_MS): void {
  expect.soft(answer.ms, `answered ${answer.status} after ${Math.round(answer.ms)} ms: ${answer.body.slice(0, 200)}`).toBeLessThanOrEqual(deadlineMs);
}

export interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** The answer is an RFC 9457 problem with one of `statuses`; returns its body. */
export function expectProblem(answer: Answer, statuses: readonly number[]): Problem {
  expect(statuses, `status of ${answer.body.slice(0, 300)}`).toContain(answer.status);
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(answer.body) as Problem;
  expect(body.status).toBe(answer.status);
  expect(body.title).toBeTruthy();
  return body;
}

/** A 400 naming the field at a path ending in `suffix` (a 413 names none). */
export function expectRefusedField(answer: Answer, suffix: string, statuses: readonly number[] = [400]): void {
  const body = expectProblem(answer, statuses);
  if (answer.status === 400) expect(body.errors?.map((e) => e.path).some((p) => p.endsWith(suffix)), JSON.stringify(body.errors)).toBe(true);
}

/** One line of the suite's closing table. */
export interface AttackRecord {
  attack: string;
  answers: string;
  slowestAnswerMs: number;
  slowestHealthzMs: number;
  polls: number;
  peakRssMb: number;
}

export function record(attack: string, answers: readonly Answer[], calm: Calm): AttackRecord {
  const statuses = new Map<number, number>();
  for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  return {
    attack,
    answers: [...statuses].map(([s, n]) => (n > 1 ? `${s}×${n}` : String(s))).join(' '),
    slowestAnswerMs: Math.round(Math.max(...answers.map((a) => a.ms))),
    slowestHealthzMs: Math.round(calm.maxPollMs),
    polls: calm.polls,
    peakRssMb: Math.round(calm.peakRssMb),
  };
}
