/**
 * The notifier's storage (spec §14): the outbox of notices and what the notifier last saw of each
 * schedule. A notice is inserted before anyone tries to send it; (channel, key) is unique, so a
 * notice computed twice — after a restart, or by a second instance — is stored once. A sender
 * claims a pending notice with a lease in one statement, so two senders never try it at once.
 */
import { and, asc, count, desc, eq, inArray, isNull, lt, lte, min, or, sql } from 'drizzle-orm';
import type { Interval, Stretch } from '../../engine/index.js';
import type { Database, Db, Tables } from '../database.js';

export type NoticeStatus = 'pending' | 'delivered' | 'failed' | 'missed';
export const NOTICE_STATUSES: readonly NoticeStatus[] = ['pending', 'delivered', 'failed', 'missed'];

export interface Notice {
  id: string;
  channelId: string;
  /** What the notice is about; unique per channel. */
  key: string;
  type: string;
  scheduleId: string | null;
  /** The event's data as a webhook receives it. */
  data: Record<string, unknown>;
  occurredAt: number;
  dueAt: number;
  status: NoticeStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  leaseUntil: number | null;
  deliveredAt: number | null;
  createdAt: number;
}

export type NewNotice = Omit<Notice, 'attempts' | 'leaseUntil' | 'deliveredAt'>;

/** How an attempt at a notice ended: delivered, to be retried (pending), or given up. */
export type AttemptOutcome =
  | { status: 'delivered'; attempts: number; at: number }
  | { status: 'pending'; attempts: number; nextAttemptAt: number; error: string }
  | { status: 'failed' | 'missed'; attempts: number; error: string };

/** What the notifier last saw of one schedule (see schema notifierSchedules). */
export interface ScheduleSnapshot {
  scheduleId: string;
  windowFrom: number;
  windowTo: number;
  stretches: Stretch[];
  announcedGaps: Interval[];
  emittedUntil: number;
}

type NoticeRow = Tables['notices']['$inferSelect'];
type SnapshotRow = Tables['notifierSchedules']['$inferSelect'];

const noticeFromRow = (row: NoticeRow): Notice => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> });

function snapshotFromRow(row: SnapshotRow): ScheduleSnapshot {
  const stretches = (JSON.parse(row.stretches) as [number, number, string | null][]).map(([start, end, personId]) => ({ start, end, personId }));
  const announcedGaps = (JSON.parse(row.announcedGaps) as [number, number][]).map(([start, end]) => ({ start, end }));
  return { scheduleId: row.scheduleId, windowFrom: row.windowFrom, windowTo: row.windowTo, stretches, announcedGaps, emittedUntil: row.emittedUntil };
}

function snapshotRow(s: ScheduleSnapshot): SnapshotRow {
  return {
    scheduleId: s.scheduleId,
    windowFrom: s.windowFrom,
    windowTo: s.windowTo,
    stretches: JSON.stringify(s.stretches.map((x) => [x.start, x.end, x.personId])),
    announcedGaps: JSON.stringify(s.announcedGaps.map((x) => [x.start, x.end])),
    emittedUntil: s.emittedUntil,
  };
}

/** Rows per insert statement, well under both engines' bound-parameter limits. */
const BATCH = 200;

export type OutboxRepository = ReturnType<typeof outboxRepository>;

/**
 * Stores new notices in the write transaction `tx` — of another repository's write too, so an event
 * and its notices commit together; those whose channel and key are taken are left as they are.
 */
export async function insertNotices(database: Database, tx: Db, list: readonly NewNotice[], leaseUntil: number | null = null): Promise<void> {
  const { notices } = database.tables;
  for (let i = 0; i < list.length; i += BATCH) {
    const rows = list.slice(i, i + BATCH).map((n) => ({ ...n, data: JSON.stringify(n.data), attempts: 0, leaseUntil, deliveredAt: null }));
    await tx.insert(notices).values(rows).onConflictDoNothing({ target: [notices.channelId, notices.key] });
  }
}

export function outboxRepository(database: Database) {
  const { db, tables: { notices, notifierSchedules } } = database;

  const pendingAndDue = (now: number) =>
    and(eq(notices.status, 'pending'), lte(notices.nextAttemptAt, now), or(isNull(notices.leaseUntil), lte(notices.leaseUntil, now)));

  return {
    async snapshots(): Promise<ScheduleSnapshot[]> {
      return (await db.select().from(notifierSchedules).orderBy(asc(notifierSchedules.scheduleId))).map(snapshotFromRow);
    },

    /**
     * One step of the notifier, all or nothing: new notices stored (those already stored for their
     * channel and key are left as they are), snapshots written, snapshots of deleted schedules
     * removed, and every snapshot marked emitted up to `emittedUntil`.
     */
    async record(step: { notices: readonly NewNotice[]; snapshots: readonly ScheduleSnapshot[]; removed: readonly string[]; emittedUntil: number }): Promise<void> {
      await database.transaction(async (tx) => {
        await insertNotices(database, tx, step.notices);
        for (const s of step.snapshots) {
          const row = snapshotRow(s);
          await tx.insert(notifierSchedules).values(row).onConflictDoUpdate({ target: notifierSchedules.scheduleId, set: row });
        }
        if (step.removed.length > 0) await tx.delete(notifierSchedules).where(inArray(notifierSchedules.scheduleId, [...step.removed]));
        await tx.update(notifierSchedules).set({ emittedUntil: step.emittedUntil });
      });
    },

    /** Forgets every snapshot (no channel is left to notify). */
    async clearSnapshots(): Promise<void> {
      await database.transaction((tx) => tx.delete(notifierSchedules));
    },

    /** Stores one notice (a test notice), claimed until `leaseUntil` by the sender storing it. */
    async insert(notice: NewNotice, leaseUntil: number): Promise<void> {
      await database.transaction((tx) => insertNotices(database, tx, [notice], leaseUntil));
    },

    /**
     * Claims up to `limit` pending notices due at `now` (their next attempt reached, no live
     * lease), oldest first, leasing them until `leaseUntil`.
     */
    async claim(now: number, leaseUntil: number, limit: number): Promise<Notice[]> {
      const where = pendingAndDue(now);
      // Most wakes find nothing due: look first, outside a write transaction (a commit costs an fsync).
      const due = (await db.select({ id: notices.id }).from(notices).where(where).orderBy(asc(notices.nextAttemptAt), asc(notices.id)).limit(limit)).map((r) => r.id);
      if (due.length === 0) return [];
      return database.transaction(async (tx) => {
        // Claimed only if still due: another sender may have taken some since the look.
        const rows = await tx.update(notices).set({ leaseUntil }).where(and(inArray(notices.id, due), pendingAndDue(now))).returning();
        return rows.map(noticeFromRow).sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0));
      });
    },

    /** Records attempts' outcomes, in one transaction; each lease ends with its outcome. */
    async settle(outcomes: readonly { id: string; outcome: AttemptOutcome }[]): Promise<void> {
      if (outcomes.length === 0) return;
      await database.transaction(async (tx) => {
        for (const { id, outcome } of outcomes) {
          const set =
            outcome.status === 'delivered'
              ? { status: outcome.status, attempts: outcome.attempts, deliveredAt: outcome.at, nextAttemptAt: null, lastError: null }
              : outcome.status === 'pending'
                ? { status: outcome.status, attempts: outcome.attempts, nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.error }
                : { status: outcome.status, attempts: outcome.attempts, nextAttemptAt: null, lastError: outcome.error };
          await tx.update(notices).set({ ...set, leaseUntil: null }).where(and(eq(notices.id, id), eq(notices.status, 'pending')));
        }
      });
    },

    /** Ends every lease: the instance that held them is gone (this one took over, or restarted). */
    async releaseLeases(): Promise<void> {
      await database.transaction((tx) => tx.update(notices).set({ leaseUntil: null }).where(sql`${notices.leaseUntil} is not null`));
    },

    /** When the next pending notice may be tried (its next attempt, or the end of its lease); null when none is pending. */
    async nextAttemptAt(): Promise<number | null> {
      const [row] = await db
        .select({ at: min(sql<number>`case when ${notices.leaseUntil} > ${notices.nextAttemptAt} then ${notices.leaseUntil} else ${notices.nextAttemptAt} end`) })
        .from(notices)
        .where(eq(notices.status, 'pending'));
      return row?.at === null || row?.at === undefined ? null : Number(row.at);
    },

    async get(id: string): Promise<Notice | null> {
      const [row] = await db.select().from(notices).where(eq(notices.id, id));
      return row ? noticeFromRow(row) : null;
    },

    /** The delivery log, newest due first: of `channels` only when given. */
    async list(filter: { channels?: readonly string[]; status?: NoticeStatus; limit: number }): Promise<Notice[]> {
      const where = and(
        filter.channels === undefined ? undefined : inArray(notices.channelId, [...filter.channels]),
        filter.status === undefined ? undefined : eq(notices.status, filter.status),
      );
      const rows = await db.select().from(notices).where(where).orderBy(desc(notices.dueAt), desc(notices.createdAt), asc(notices.id)).limit(filter.limit);
      return rows.map(noticeFromRow);
    },

    /** Forgets settled notices (delivered, failed, missed) that fell due before `before`. */
    async prune(before: number): Promise<void> {
      await database.transaction((tx) => tx.delete(notices).where(and(lt(notices.dueAt, before), sql`${notices.status} <> 'pending'`)));
    },

    async countByStatus(): Promise<Record<NoticeStatus, number>> {
      const rows = await db.select({ status: notices.status, n: count() }).from(notices).groupBy(notices.status);
      const counts = Object.fromEntries(NOTICE_STATUSES.map((s) => [s, 0])) as Record<NoticeStatus, number>;
      for (const r of rows) counts[r.status] = Number(r.n);
      return counts;
    },
  };
}
