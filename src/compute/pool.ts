/**
 * The compute pool: expensive computations (timelines, coverage, the coverage guarantee's gap
 * search, current shifts in bulk) run in a few worker threads, never on the event loop that
 * answers `/healthz` and cached on-call questions. Every task has a deadline: past it the worker
 * is stopped (piscina terminates a thread whose task is aborted) and the caller gets a 503
 * problem; when the queue is full the caller gets a 503 at once instead of waiting.
 *
 * One pool serves every app in the process (tasks carry all their data, so nothing in a worker
 * belongs to one app); it starts with the first app and ends with the last one closed.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Interval, Shift, Stretch } from '../engine/index.js';
import { TimelineTooLargeError } from '../engine/index.js';
import { AppError } from '../errors.js';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Readable } from 'node:stream';
import type { Agreement } from '../importers/verification.js';
import type { CachedShift, ComputeTask, TaskOutcome, TimelineJsonTask, TimelineResult } from './tasks.js';
import type { StreamTask } from './worker.js';

/** A computation ran past its deadline or could not be queued. */
export class ComputeUnavailableError extends AppError {
  constructor(detail: string) {
    super(503, 'Service unavailable', detail);
  }
}

export interface ComputeOptions {
  /** How long one task may take, queueing included. */
  deadlineMs: number;
}

/**
 * One core is left to the event loop: on the 2-core machines Rota runs on, one worker; never more
 * than two, since each holds a whole window's timeline while it computes (memory).
 */
const THREADS = Math.max(1, Math.min(2, availableParallelism() - 1));
/** Tasks waiting for a thread; beyond this, callers are told to retry. */
const MAX_QUEUE = 64;
/** Heap per worker: a worker that needs more is stopped (its task fails) before the process suffers. */
const WORKER_HEAP_MB = 192;

/**
 * Installed, Rota runs compiled (build/, by `npm install`): the worker is plain JavaScript. From
 * the TypeScript sources (tests, `npm run dev`) the .mjs entry registers tsx in the worker first,
 * since Node 20 does not carry a loader into worker threads.
 */
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './worker-entry.mjs' : './worker.js', import.meta.url);

let shared: Piscina | null = null;
let users = 0;

function acquire(): Piscina {
  users++;
  shared ??= new Piscina({
    filename: workerUrl.href,
    // Below the event loop's priority: on a machine whose cores the workers fill, the thread
    // answering /healthz and cached on-call questions still gets the CPU first (needs the
    // optional @napi-rs/nice; without it workers run at normal priority).
    niceIncrement: 10,
    // Kept warm: a stopped worker is replaced at once, so the next request does not pay its start.
    minThreads: THREADS,
    maxThreads: THREADS,
    maxQueue: MAX_QUEUE,
    // Message passing only: piscina's Atomics wake-ups lost track of a task under load here.
    atomics: 'disabled',
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    // piscina loads the worker with require() first and import() when that throws. Node 20.19+
    // lets require() load ES modules, and doing so here once crashed a worker's whole process
    // (V8 fatal "IsGraphAsync must be used on an instantiated module"): without require(esm)
    // the require throws and piscina imports the module the supported way.
    execArgv: [...process.execArgv, '--no-experimental-require-module'],
  });
  return shared;
}

async function release(): Promise<void> {
  users--;
  if (users > 0 || !shared) return;
  const pool = shared;
  shared = null;
  await pool.destroy();
}

export type ComputePool = ReturnType<typeof createComputePool>;

export function createComputePool(options: ComputeOptions) {
  const pool = acquire();
  let closed = false;

  async function run<T>(task: ComputeTask | StreamTask, transferList?: MessagePort[]): Promise<T> {
    if (closed) throw new ComputeUnavailableError('the server is shutting down');
    if (pool.queueSize >= MAX_QUEUE) throw new ComputeUnavailableError('the server is busy computing other timelines; retry in a few seconds');
    let outcome: TaskOutcome<T> | Uint8Array;
    try {
      outcome = await pool.run(task, { signal: AbortSignal.timeout(options.deadlineMs), ...(transferList ? { transferList } : {}) });
    } catch (err) {
      if ((err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError') {
        throw new ComputeUnavailableError(
          `the computation took longer than ${options.deadlineMs / 1000} s and was stopped; ask for a shorter window or a simpler schedule`,
        );
      }
      if (/queue is at limit|out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(String((err as Error).message) + String((err as { code?: string }).code))) {
        throw new ComputeUnavailableError('the computation needed more memory than a worker may use; ask for a shorter window');
      }
      throw err;
    }
    // Text results arrive as moved bytes (see worker.ts).
    if (outcome instanceof Uint8Array) return Buffer.from(outcome.buffer, outcome.byteOffset, outcome.byteLength) as T;
    if ('tooLarge' in outcome) throw new TimelineTooLargeError();
    return outcome.ok;
  }

  return {
    timeline: (task: Omit<Extract<ComputeTask, { kind: 'timeline' }>, 'kind'>) => run<TimelineResult>({ kind: 'timeline', ...task }),
    /** The gaps under versions requiring coverage, per schedule (spec §6's guarantee). */
    gaps: (task: Omit<Extract<ComputeTask, { kind: 'gaps' }>, 'kind'>) => run<Interval[][]>({ kind: 'gaps', ...task }),
    shiftsAt: (task: Omit<Extract<ComputeTask, { kind: 'shiftsAt' }>, 'kind'>) => run<CachedShift[]>({ kind: 'shiftsAt', ...task }),
    /** Who holds each schedule when (null: too detailed for the window), for the notifier. */
    stretches: (task: Omit<Extract<ComputeTask, { kind: 'stretches' }>, 'kind'>) => run<(Stretch[] | null)[]>({ kind: 'stretches', ...task }),
    /** Per schedule, the final shifts one person holds over a window (spec §7 person shifts). */
    personShifts: (task: Omit<Extract<ComputeTask, { kind: 'personShifts' }>, 'kind'>) => run<Shift[][]>({ kind: 'personShifts', ...task }),
    /**
     * A timeline answer as a stream of JSON bytes (see worker.ts). Resolves once the worker has
     * computed the timeline and starts writing, so a refusal (too large, past the deadline) is
     * still an error the caller can answer with a problem; a deadline passed while writing cuts
     * the stream.
     */
    async timelineJson(task: Omit<TimelineJsonTask, 'kind'>): Promise<Readable> {
      const { port1, port2 } = new MessageChannel();
      const body = new Readable({ read() {} });
      const started = new Promise<void>((resolve) => {
        port1.on('message', (message: { start: true } | Uint8Array | null) => {
          if (message === null) {
            body.push(null);
            port1.close();
          } else if (message instanceof Uint8Array) body.push(Buffer.from(message.buffer, message.byteOffset, message.byteLength));
          else resolve();
        });
      });
      let writing = false;
      const done = run<true>({ kind: 'timelineJson', ...task, port: port2 }, [port2]);
      done.catch((err: unknown) => {
        port1.close();
        // Before writing began the error reaches the caller through the race below.
        if (writing) body.destroy(err as Error);
      });
      await Promise.race([started, done]);
      writing = true;
      return body;
    },
    /** How imported schedules agree with their source's rendered timelines (spec §16), per check. */
    verify: (task: Omit<Extract<ComputeTask, { kind: 'verify' }>, 'kind'>) => run<Agreement[]>({ kind: 'verify', ...task }),
    /** An iCal feed's text, as UTF-8 bytes. */
    renderFeed: (task: Omit<Extract<ComputeTask, { kind: 'renderFeed' }>, 'kind'>) => run<Buffer>({ kind: 'renderFeed', ...task }),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await release();
    },
  };
}
