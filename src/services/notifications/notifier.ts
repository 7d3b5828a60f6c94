/**
 * The notifier (spec §14): one timer that sleeps until the next thing falls due — a handoff, a
 * reminder, a gap coming within 14 days, a notice to retry — and is woken early by every write.
 * Each wake plans what fell due (planner.ts) and sends what is due (sender.ts), one wake at a
 * time. It runs only on the instance that leads (always, on SQLite): with several instances the
 * others stay quiet, and the stored snapshots and unique notice keys make a takeover neither
 * repeat nor skip a notice.
 */
import type { Timer } from '../../config.js';
import type { Change, Repositories } from '../../db/index.js';
import type { ChannelWithSecret } from '../../db/repos/channels.js';
import type { NoticePlanner, Written } from './planner.js';
import type { NoticeSender } from './sender.js';


/** The longest single sleep: setTimeout's limit, and a bound on how long a missed wake-up could go unnoticed. */
const MAX_SLEEP_MS = 6 * 3_600_000;
/** The delivery log keeps settled notices this long. */
export const DELIVERY_LOG_DAYS = 30;
const PRUNE_EVERY_MS = 3_600_000;

/** A timer on the real clock: sleeps from `now()` to the instant asked for. */
export function realTimer(now: () => number): Timer {
  return {
    at(at, wake) {
      const handle = setTimeout(wake, Math.min(Math.max(at - now(), 0), MAX_SLEEP_MS));
      handle.unref();
      return () => clearTimeout(handle);
    },
  };
}

export interface NotifierDeps {
  repos: Repositories;
  planner: NoticePlanner;
  sender: NoticeSender;
  now: () => number;
  timer: Timer;
  log: { warn(obj: object, msg: string): void };
}

export type Notifier = ReturnType<typeof createNotifier>;

export function createNotifier({ repos, planner, sender, now, timer, log }: NotifierDeps) {
  let active = false;
  /** The channels with their secrets, until a channel changes. */
  let channels: ChannelWithSecret[] | null = null;
  // Bumped by every channel change, so a list read before a write (or a deletion) is not kept.
  let channelsGeneration = 0;
  const forgetChannels = () => {
    channels = null;
    channelsGeneration++;
  };
  async function loadChannels(): Promise<ChannelWithSecret[]> {
    const started = channelsGeneration;
    const listed = await repos.channels.listWithSecrets();
    if (started === channelsGeneration) channels = listed;
    return listed;
  }
  let written: Written | 'all' = 'all';
  /** Whether the next wake plans (time passed or something was written) or only sends. */
  let planDue = true;
  /** When the planner said its next handoff, reminder or gap falls due. */
  let plannedNext: number | null = null;
  /** When settled notices older than the delivery log's span were last forgotten. */
  let prunedAt = -Infinity;
  let cancelTimer: (() => void) | null = null;
  /** The wake under way, if any; a wake asked for meanwhile runs after it. */
  let running: Promise<void> | null = null;
  let again = false;
  /** A wake is asked for on the next turn of the event loop (see arm). */
  let wakeSoon = false;
  const idleWaiters: (() => void)[] = [];

  function settleIdle(): void {
    if (running || wakeSoon || sender.inFlight() > 0) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }
  sender.onSettled(() => {
    // A send ending makes room for the next due one, and may have scheduled a retry.
    if (active) wake(false);
    settleIdle();
  });

  async function arm(): Promise<void> {
    cancelTimer?.();
    cancelTimer = null;
    if (!active) return;
    const retry = await repos.outbox.nextAttemptAt();
    const candidates = [plannedNext, retry].filter((t): t is number => t !== null);
    if (candidates.length === 0) return;
    const at = Math.min(...candidates);
    // Woken for a retry only, it only sends: planning is for when time reaches what was planned.
    const wakeUp = () => wake(plannedNext !== null && now() >= plannedNext);
    if (at > now()) {
      cancelTimer = timer.at(at, wakeUp);
      return;
    }
    // Already due: the clock moved on while this wake ran. (What is claimed by a send under way
    // counts as due at its lease's end, so this never spins on it.)
    wakeSoon = true;
    const handle = setImmediate(() => {
      wakeSoon = false;
      wakeUp();
      settleIdle();
    });
    cancelTimer = () => {
      wakeSoon = false;
      clearImmediate(handle);
    };
  }

  async function run(plan: boolean): Promise<void> {
    try {
      if (plan) {
        const changed = written;
        written = { schedules: new Set(), people: new Set() };
        try {
          plannedNext = await planner.advance(now(), channels ?? (await loadChannels()), changed);
          if (now() - prunedAt >= PRUNE_EVERY_MS) {
            prunedAt = now();
            await repos.outbox.prune(prunedAt - DELIVERY_LOG_DAYS * 86_400_000);
          }
        } catch (err) {
          // Compare everything at the next try: what was written must not go unreported.
          written = 'all';
          plannedNext = now() + 60_000;
          throw err;
        }
      }
      await sender.sendDue();
      await arm();
    } catch (err) {
      log.warn({ err }, 'notifier: planning or sending failed; trying again within a minute');
      cancelTimer?.();
      if (active) cancelTimer = timer.at(now() + 60_000, () => wake());
    }
  }

  /** Runs a wake now, or right after the one under way; `plan` false only sends. */
  function wake(plan = true): void {
    if (!active) return;
    planDue ||= plan;
    if (running) {
      again = true;
      return;
    }
    const planning = planDue;
    planDue = false;
    running = run(planning).finally(() => {
      running = null;
      if (again && active) {
        again = false;
        wake(false);
      } else settleIdle();
    });
  }

  /** What a committed write means to the notifier; it wakes for every one. */
  function heard(change: Change): void {
    switch (change.kind) {
      case 'schedule':
        if (written !== 'all') written.schedules.add(change.id);
        break;
      case 'time-off':
        // The planner looks again at the schedules naming the person.
        if (written !== 'all') written.people.add(change.person);
        break;
      case 'calendar':
      case 'everything':
        written = 'all';
        if (change.kind === 'everything') forgetChannels();
        break;
      case 'channel':
        forgetChannels();
        break;
      case 'notices':
        // Stored by a write elsewhere (a bulletin update): only to send.
        return wake(false);
      default:
        // People's names and contacts, tokens and settings change no one's shifts.
        return;
    }
    wake();
  }

  async function start(): Promise<void> {
    // Whatever another instance, or this one before a restart, was sending is ours now.
    await repos.outbox.releaseLeases();
    active = true;
    written = 'all';
    forgetChannels();
    plannedNext = null;
    wake();
  }

  function stop(): void {
    active = false;
    cancelTimer?.();
    cancelTimer = null;
    planner.reset();
  }

  return {
    /** Starts following leadership and changes: notifies while this instance leads. */
    async open(): Promise<void> {
      repos.changes.subscribe(heard);
      repos.leadership.onChange((leader) => {
        if (leader) start().catch((err: unknown) => log.warn({ err }, 'notifier: could not start'));
        else stop();
      });
      if (repos.leadership.isLeader()) await start();
    },

    /** Stops waking; resolves once the wake and the sends under way have ended. */
    async close(): Promise<void> {
      stop();
      await this.idle();
    },

    /** Resolves when no wake and no send is under way (tests wait for it after moving the clock). */
    idle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },

    /** Wake now: plan what fell due and send it (a test moved the clock). */
    wake: (): void => wake(),
    /** Send what is due now (a test notice was stored). */
    sendDue: (): void => wake(false),
  };
}
