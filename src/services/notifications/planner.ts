/**
 * Turns what happens to the schedules into notices (spec §14): handoffs and reminders as time
 * reaches them, shifts an edit changed, gaps coming within 14 days. It keeps, per schedule, a
 * snapshot of who holds it when over the next months (stored, so a restart or another instance
 * taking over neither repeats nor skips a notice) and compares each new timeline with it. The
 * notices it plans are stored with the snapshots in one transaction; the outbox sends them.
 */
import { randomBytes } from 'node:crypto';
import type { Repositories } from '../../db/index.js';
import type { ChannelWithSecret } from '../../db/repos/channels.js';
import type { NewNotice, ScheduleSnapshot } from '../../db/repos/outbox.js';
import { changedShifts, handoffsIn, newGaps, nextDue, remindersIn, type Handoff, type ShiftChange, type Stretch } from '../../engine/index.js';
import type { Interval } from '../../engine/intervals.js';
import { toIso } from '../../render/wire.js';
import type { ComputePool } from '../../compute/pool.js';
import type { ScheduleState, TimelineCache } from '../timeline-cache.js';
import { remindMs, type EventType } from './channels.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** shifts.changed compares the next 90 days (spec §14). */
export const CHANGES_HORIZON = 90 * DAY;
/** coverage.gap looks 14 days ahead (spec §14). */
export const GAP_LOOKAHEAD = 14 * DAY;
/** A snapshot reaches this far; it is recomputed once less than CHANGES_HORIZON of it is left. */
const SNAPSHOT_LENGTH = 120 * DAY;
/** A notice that fell due longer ago than this while no one could send it is recorded as missed (spec §14). */
export const LATE_AFTER = HOUR;
/**
 * After a long stop, handoffs and reminders are caught up (sent or recorded as missed) over at
 * most this much of the past: a server down for a month does not log every handoff of the month.
 */
const CATCH_UP_LIMIT = DAY;
/** Schedules per compute task. */
const BATCH = 100;

export function newNoticeId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

interface Planned {
  type: EventType;
  /** What the notice is about, the same whoever computes it (see the notices table); unique per channel. */
  key: string;
  scheduleId: string;
  /** Whom the notice is about: a channel of a person hears only of its person (null: of no one in particular). */
  about: string[] | null;
  data: Record<string, unknown>;
  occurredAt: number;
  dueAt: number;
  /** A reminder is planned for the one channel whose remindBefore it follows. */
  channel?: ChannelWithSecret;
}

/** Which channels hear of `notice`: subscribed to its event, its schedule, and (a person's channel) its person. */
function subscribers(channels: readonly ChannelWithSecret[], notice: Planned): ChannelWithSecret[] {
  return (notice.channel ? [notice.channel] : channels).filter(
    (c) =>
      c.events.includes(notice.type) &&
      (c.schedules === null || c.schedules.includes(notice.scheduleId)) &&
      (c.personId === null || notice.about === null || notice.about.includes(c.personId)),
  );
}

const wireIntervals = (list: readonly Interval[]) => list.map((i) => ({ start: toIso(i.start), end: toIso(i.end) }));

function shiftStarted(scheduleId: string, h: Handoff): Planned {
  return {
    type: 'shift.started',
    key: `shift.started:${scheduleId}:${h.start}:${h.personId}`,
    scheduleId,
    about: [h.personId, ...(h.previousPersonId ? [h.previousPersonId] : [])],
    data: {
      schedule: scheduleId,
      person: h.personId,
      start: toIso(h.start),
      end: toIso(h.end),
      previousPerson: h.previousPersonId,
      nextPerson: h.nextPersonId,
    },
    occurredAt: h.start,
    dueAt: h.start,
  };
}

function shiftUpcoming(scheduleId: string, h: Handoff, channel: ChannelWithSecret, ms: number): Planned {
  return {
    type: 'shift.upcoming',
    key: `shift.upcoming:${scheduleId}:${h.start}:${h.personId}`,
    scheduleId,
    about: [h.personId],
    data: { schedule: scheduleId, person: h.personId, start: toIso(h.start), end: toIso(h.end), remindBefore: channel.remindBefore },
    occurredAt: h.start - ms,
    dueAt: h.start - ms,
    channel,
  };
}

/** One person's shifts of a schedule within [from, to), before and after an edit. */
function shiftsChanged(scheduleId: string, change: ShiftChange, from: number, to: number): Planned {
  return {
    type: 'shifts.changed',
    // Every edit is news of its own: nothing to recognise it by but its own id.
    key: `shifts.changed:${newNoticeId()}`,
    scheduleId,
    about: [change.personId],
    data: { schedule: scheduleId, person: change.personId, from: toIso(from), to: toIso(to), before: wireIntervals(change.before), after: wireIntervals(change.after) },
    occurredAt: from,
    dueAt: from,
  };
}

function coverageGap(scheduleId: string, gap: Interval, now: number): Planned {
  return {
    type: 'coverage.gap',
    key: `coverage.gap:${scheduleId}:${gap.start}`,
    scheduleId,
    about: null,
    data: { schedule: scheduleId, start: toIso(gap.start), end: toIso(gap.end) },
    occurredAt: now,
    dueAt: now,
  };
}

/** The notices of `planned` for each channel that hears of it: pending, or missed when it fell due too long ago. */
function noticesOf(planned: readonly Planned[], channels: readonly ChannelWithSecret[], now: number): NewNotice[] {
  return planned.flatMap((p) => {
    const late = p.dueAt < now - LATE_AFTER;
    return subscribers(channels, p).map((channel) => ({
      id: newNoticeId(),
      channelId: channel.id,
      key: p.key,
      type: p.type,
      scheduleId: p.scheduleId,
      data: p.data,
      occurredAt: p.occurredAt,
      dueAt: p.dueAt,
      status: late ? ('missed' as const) : ('pending' as const),
      lastError: late ? 'fell due while no Rota instance could send it, more than 1 h ago' : null,
      nextAttemptAt: late ? null : p.dueAt,
      createdAt: now,
    }));
  });
}

export interface PlannerDeps {
  repos: Repositories;
  timelines: TimelineCache;
  pool: ComputePool;
  log: { warn(obj: object, msg: string): void };
}

export type NoticePlanner = ReturnType<typeof notificationPlanner>;

/** What was written since the planner last looked: schedules, and people whose time off changed. */
export interface Written {
  schedules: Set<string>;
  people: Set<string>;
}

/**
 * The planner of one notifier. `advance` is called one at a time (the notifier serializes it),
 * with the channels as they are and the schedules written since the last call.
 */
export function notificationPlanner({ repos, timelines, pool, log }: PlannerDeps) {
  /** By schedule id; null until loaded from the database (after a start or a takeover). */
  let snapshots: Map<string, ScheduleSnapshot> | null = null;
  /**
   * True while no channel exists (and so no snapshot): the first look with a channel has nothing to
   * compare with and reports no shift changes.
   */
  let afresh = false;
  /** The channels of the last call: a change of channels moves the stored mark even when nothing is planned. */
  let lastChannels: readonly ChannelWithSecret[] | null = null;

  async function timelinesOf(states: readonly ScheduleState[], from: number, to: number): Promise<(Stretch[] | null)[]> {
    const out: (Stretch[] | null)[] = [];
    for (let i = 0; i < states.length; i += BATCH) {
      const batch = states.slice(i, i + BATCH);
      const data = await Promise.all(batch.map((s) => timelines.dataOf(s, from, to)));
      out.push(...(await pool.stretches({ schedules: data, from, to })));
    }
    return out;
  }

  return {
    /** Forget the snapshots (this instance stopped being the one that notifies): reloaded when it is again. */
    reset(): void {
      snapshots = null;
    },

    /**
     * Plans and stores every notice due by `now`: handoffs and reminders since the last call,
     * shift changes and new gaps of the schedules in `written` or naming a person in it ('all': any
     * of them). Returns when
     * the next handoff, reminder or gap falls due, or a snapshot runs short (null: never).
     */
    async advance(now: number, channels: readonly ChannelWithSecret[], written: Readonly<Written> | 'all'): Promise<number | null> {
      if (channels.length === 0) {
        // Nothing to tell anyone: keep no snapshot, and start afresh when a channel appears rather
        // than report to it what changed while no one listened.
        if (snapshots === null || snapshots.size > 0) await repos.outbox.clearSnapshots();
        snapshots = new Map();
        afresh = true;
        return null;
      }
      const firstLook = snapshots === null;
      if (snapshots === null) snapshots = new Map((await repos.outbox.snapshots()).map((s) => [s.scheduleId, s]));
      const known = snapshots;
      const states = await timelines.all();
      const planned: Planned[] = [];
      const writes: ScheduleSnapshot[] = [];

      // Schedules to look at anew: written, new, or with a snapshot running short; all of them on a
      // first look (they may have been written while no instance was looking).
      const stale = states.filter((s) => {
        const snap = known.get(s.id);
        return (
          !snap ||
          firstLook ||
          written === 'all' ||
          written.schedules.has(s.id) ||
          [...written.people].some((p) => s.people.has(p)) ||
          snap.windowTo < now + CHANGES_HORIZON
        );
      });
      const emittedUntil = (snap: ScheduleSnapshot | undefined) => Math.max(snap?.emittedUntil ?? now, now - CATCH_UP_LIMIT);
      const windowFrom = Math.min(now, ...stale.map((s) => emittedUntil(known.get(s.id))));
      const windowTo = now + SNAPSHOT_LENGTH;
      const computed = await timelinesOf(stale, windowFrom, windowTo);
      stale.forEach((state, i) => {
        const stretches = computed[i];
        if (!stretches) {
          log.warn({ schedule: state.id }, 'schedule too detailed to compute its next months: no notices planned for it');
          return;
        }
        const before = known.get(state.id);
        // A schedule new since the last look has no "before": everyone on it has new shifts.
        if (before || !afresh) {
          const to = Math.min(now + CHANGES_HORIZON, before?.windowTo ?? Infinity);
          for (const c of changedShifts(before?.stretches ?? [], stretches, now, to)) planned.push(shiftsChanged(state.id, c, now, to));
        }
        const next = { scheduleId: state.id, windowFrom, windowTo, stretches, announcedGaps: before?.announcedGaps ?? [], emittedUntil: emittedUntil(before) };
        known.set(state.id, next);
        writes.push(next);
      });
      const alive = new Set(states.map((s) => s.id));
      const removed = [...known.values()].filter((snap) => !alive.has(snap.scheduleId));
      for (const snap of removed) {
        const to = Math.min(now + CHANGES_HORIZON, snap.windowTo);
        for (const c of changedShifts(snap.stretches, [], now, to)) planned.push(shiftsChanged(snap.scheduleId, c, now, to));
        known.delete(snap.scheduleId);
      }

      // Time reaching handoffs, reminders and gaps, in every schedule.
      const reminding = channels.flatMap((c) => (c.events.includes('shift.upcoming') ? [{ channel: c, ms: remindMs(c.remindBefore)! }] : []));
      for (const snap of known.values()) {
        const after = snap.emittedUntil;
        for (const h of handoffsIn(snap.stretches, snap.windowFrom, after, now)) planned.push(shiftStarted(snap.scheduleId, h));
        for (const { channel, ms } of reminding) {
          for (const h of remindersIn(snap.stretches, snap.windowFrom, ms, after, now)) planned.push(shiftUpcoming(snap.scheduleId, h, channel, ms));
        }
        const gaps = newGaps(snap.stretches, snap.announcedGaps, now, now + GAP_LOOKAHEAD);
        for (const g of gaps) planned.push(coverageGap(snap.scheduleId, g, now));
        const announced = [...snap.announcedGaps.filter((g) => g.end > now), ...gaps];
        if (announced.length !== snap.announcedGaps.length || gaps.length > 0) {
          snap.announcedGaps = announced;
          if (!writes.includes(snap)) writes.push(snap);
        }
        snap.emittedUntil = now;
      }

      const notices = noticesOf(planned, channels, now);
      // A wake that found nothing, with the channels unchanged, leaves the stored mark where it was:
      // a catch-up from there would find nothing either.
      if (notices.length > 0 || writes.length > 0 || removed.length > 0 || channels !== lastChannels) {
        await repos.outbox.record({ notices, snapshots: writes, removed: removed.map((s) => s.scheduleId), emittedUntil: now });
      }
      afresh = false;
      lastChannels = channels;

      const remindList = [...new Set(reminding.map((r) => r.ms))];
      let next: number | null = null;
      for (const snap of known.values()) {
        for (const t of [nextDue(snap.stretches, snap.windowFrom, remindList, GAP_LOOKAHEAD, now), snap.windowTo - CHANGES_HORIZON]) {
          if (t !== null && (next === null || t < next)) next = Math.max(t, now + 1);
        }
      }
      return next;
    },
  };
}
