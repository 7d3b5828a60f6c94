/**
 * Sends the outbox (spec §14): claims due notices, hands each to its channel's transport, and
 * records the outcome — delivered on a 2xx, otherwise retried with backoff until 24 h after it
 * fell due, then failed. A notice keeps its id across attempts (receivers dedupe on it). Sends
 * run a few at a time with a timeout each, so a slow or dead receiver never holds up anything else.
 */
import type { Repositories } from '../../db/index.js';
import type { ChannelWithSecret } from '../../db/repos/channels.js';
import type { AttemptOutcome, NewNotice, Notice } from '../../db/repos/outbox.js';
import { deliver, type DeliveryOptions } from '../../delivery/send.js';
import type { NoticeToRender, NoticeType, RenderContext } from '../../render/notices/index.js';
import type { PeopleService } from '../people.js';
import type { TimelineCache } from '../timeline-cache.js';
import { LATE_AFTER } from './planner.js';

/** At most this many sends at once. */
const CONCURRENCY = 16;
/** A claimed notice is left alone by other senders this long (well past a send's timeout). */
const LEASE_MS = 2 * 60_000;
/** Failed notices are retried for this long after they fell due (spec §14). */
export const RETRY_FOR_MS = 24 * 3_600_000;
/** Waits before the 1st, 2nd … retry; the last one repeats. */
const BACKOFF_MS = [30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

/** How long to wait after the `attempts`-th failed attempt: the receiver's Retry-After when it asked for longer. */
export function retryDelay(attempts: number, retryAfterMs?: number): number {
  const backoff = BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1]!;
  return Math.min(Math.max(backoff, retryAfterMs ?? 0), BACKOFF_MS[BACKOFF_MS.length - 1]!);
}

export interface SenderDeps {
  repos: Repositories;
  timelines: TimelineCache;
  people: PeopleService;
  now: () => number;
  /** ROTA_PUBLIC_URL: where messages link to. */
  appUrl: string | null;
  delivery: DeliveryOptions;
  log: { warn(obj: object, msg: string): void };
}

export type NoticeSender = ReturnType<typeof noticeSender>;

export function noticeSender({ repos, timelines, people, now, appUrl, delivery, log }: SenderDeps) {
  let inFlight = 0;
  /** The attempts under way. */
  const attempts = new Set<Promise<void>>();
  const settledListeners = new Set<() => void>();

  /** What the message needs besides the notice: names, the schedule's zone, links. */
  const link = appUrl?.replace(/\/+$/, '') ?? null;
  /** Person id → name, built once per people revision (a burst of handoffs renders hundreds of notices). */
  let names: { revision: number; map: ReadonlyMap<string, string> } | null = null;

  async function namesNow(): Promise<ReadonlyMap<string, string>> {
    const revision = people.revision();
    if (names?.revision !== revision) names = { revision, map: new Map([...(await people.directory()).values()].map((p) => [p.id, p.name])) };
    return names.map;
  }

  async function contextOf(notice: Notice, channel: ChannelWithSecret): Promise<RenderContext> {
    const state = notice.scheduleId ? await timelines.get(notice.scheduleId) : null;
    const latest = state?.saved[state.saved.length - 1]?.document;
    return {
      schedule: state && latest ? { id: state.id, name: latest.name, timeZone: latest.timeZone } : null,
      people: await namesNow(),
      channel: { id: channel.id, name: channel.name },
      appUrl: link,
    };
  }

  /**
   * Outcomes waiting to be stored: attempts ending close together are written in one transaction
   * (a commit is an fsync, and a burst of handoffs ends hundreds of attempts at once).
   */
  let unsettled: { id: string; outcome: AttemptOutcome; done: () => void }[] = [];
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    while (unsettled.length > 0) {
      const batch = unsettled;
      unsettled = [];
      try {
        await repos.outbox.settle(batch);
      } catch (err) {
        // The leases run out and the notices are tried again: nothing is lost.
        log.warn({ err, notices: batch.length }, 'could not record delivery attempts');
      }
      for (const b of batch) b.done();
    }
    flushing = null;
  }

  /** Stores `outcome` with the others ending about now; resolves once it is stored. */
  function record(id: string, outcome: AttemptOutcome): Promise<void> {
    return new Promise((done) => {
      unsettled.push({ id, outcome, done });
      flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush);
    });
  }

  /** One attempt at `notice`, claimed by this sender: its outcome. */
  async function attempt(notice: Notice): Promise<AttemptOutcome | null> {
    const at = now();
    if (notice.attempts === 0 && notice.dueAt < at - LATE_AFTER) {
      return { status: 'missed', attempts: 0, error: 'not sent: fell due more than 1 h before Rota could send it' };
    }
    const channel = await repos.channels.getWithSecret(notice.channelId);
    if (!channel) return null; // deleted meanwhile, and its notices with it
    const toRender: NoticeToRender = { id: notice.id, type: notice.type as NoticeType, occurredAt: notice.occurredAt, data: notice.data };
    const result = await deliver(channel, toRender, await contextOf(notice, channel), delivery);
    const attempts = notice.attempts + 1;
    const finished = now();
    if (result.ok) return { status: 'delivered', attempts, at: finished };
    const retryAt = finished + retryDelay(attempts, result.retryAfterMs);
    if (result.retryable && retryAt <= notice.dueAt + RETRY_FOR_MS) return { status: 'pending', attempts, nextAttemptAt: retryAt, error: result.error };
    return { status: 'failed', attempts, error: result.error };
  }

  async function attemptSafely(notice: Notice): Promise<void> {
    inFlight++;
    try {
      const outcome = await attempt(notice);
      if (outcome) await record(notice.id, outcome);
    } catch (err) {
      // The lease runs out and the notice is tried again: nothing is lost.
      log.warn({ err, notice: notice.id }, 'could not attempt a delivery');
    } finally {
      inFlight--;
      for (const listener of settledListeners) listener();
    }
  }

  return {
    /**
     * Claims what is due and sends it, CONCURRENCY at a time, sends ending making room for the
     * next. Resolves once nothing more is due now (the last sends may still be under way).
     */
    async sendDue(): Promise<void> {
      for (;;) {
        // Claim in batches (a claim is a write transaction), once half the slots are free.
        if (CONCURRENCY - inFlight < CONCURRENCY / 2) {
          await Promise.race(attempts);
          continue;
        }
        const at = now();
        const claimed = await repos.outbox.claim(at, at + LEASE_MS, CONCURRENCY - inFlight);
        if (claimed.length === 0) return;
        for (const notice of claimed) {
          const running = attemptSafely(notice).finally(() => attempts.delete(running));
          attempts.add(running);
        }
      }
    },

    /**
     * Stores `notice` already claimed by this sender and makes its first attempt now (a channel
     * test): stored unclaimed, another sender — this instance's timer, or another instance's —
     * could take it first, and the caller would answer before any attempt.
     */
    async sendNew(notice: NewNotice): Promise<void> {
      const leaseUntil = now() + LEASE_MS;
      await repos.outbox.insert(notice, leaseUntil);
      await attemptSafely({ ...notice, attempts: 0, leaseUntil, deliveredAt: null });
    },

    /** Sends under way. */
    inFlight: () => inFlight,

    /** Calls `listener` after every attempt; returns the unsubscribe. */
    onSettled(listener: () => void): () => void {
      settledListeners.add(listener);
      return () => settledListeners.delete(listener);
    },
  };
}
