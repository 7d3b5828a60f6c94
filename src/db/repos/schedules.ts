import { asc, eq, sql } from 'drizzle-orm';
import type { ScheduleDoc } from '../../engine/index.js';
import { deleteAudited, recordAudit, type Actor } from '../audit.js';
import type { Db } from '../client.js';
import { scheduleVersions, schedules } from '../schema.js';

/** One saved version of a schedule document (spec §4 Versions). */
export interface ScheduleVersion {
  scheduleId: string;
  version: number;
  document: ScheduleDoc;
  effectiveFrom: number;
  savedAt: number;
  /** The actor's label (email or token name), kept so it outlives the actor. */
  savedBy: string;
}

type Row = typeof scheduleVersions.$inferSelect;

function fromRow(row: Row): ScheduleVersion {
  return {
    scheduleId: row.scheduleId,
    version: row.version,
    document: JSON.parse(row.document) as ScheduleDoc,
    effectiveFrom: row.effectiveFrom,
    savedAt: row.savedAt,
    savedBy: row.savedBy,
  };
}

export type SchedulesRepository = ReturnType<typeof schedulesRepository>;

export function schedulesRepository(db: Db) {
  return {
    async exists(id: string): Promise<boolean> {
      return db.select({ id: schedules.id }).from(schedules).where(eq(schedules.id, id)).get() !== undefined;
    },

    async listIds(): Promise<string[]> {
      return db.select({ id: schedules.id }).from(schedules).orderBy(asc(schedules.id)).all().map((r) => r.id);
    },

    /** Every version of one schedule, oldest first; [] for an unknown schedule. */
    async versions(id: string): Promise<ScheduleVersion[]> {
      return db
        .select()
        .from(scheduleVersions)
        .where(eq(scheduleVersions.scheduleId, id))
        .orderBy(asc(scheduleVersions.version))
        .all()
        .map(fromRow);
    },

    /** Every version of every schedule in one query, grouped by schedule id (sorted), oldest first. */
    async allVersions(): Promise<Map<string, ScheduleVersion[]>> {
      const rows = db.select().from(scheduleVersions).orderBy(asc(scheduleVersions.scheduleId), asc(scheduleVersions.version)).all();
      const out = new Map<string, ScheduleVersion[]>();
      for (const row of rows) {
        const list = out.get(row.scheduleId) ?? [];
        list.push(fromRow(row));
        out.set(row.scheduleId, list);
      }
      return out;
    },

    /** Saves `document` as the schedule's next version, creating the schedule on its first. */
    async putVersion(
      id: string,
      document: ScheduleDoc,
      effectiveFrom: number,
      actor: Actor,
      savedAt: number,
    ): Promise<{ version: ScheduleVersion; created: boolean }> {
      return db.transaction(
        (tx) => {
          const created = tx.select({ id: schedules.id }).from(schedules).where(eq(schedules.id, id)).get() === undefined;
          if (created) tx.insert(schedules).values({ id, createdAt: savedAt }).run();
          const last =
            tx
              .select({ n: sql<number>`max(${scheduleVersions.version})` })
              .from(scheduleVersions)
              .where(eq(scheduleVersions.scheduleId, id))
              .get()?.n ?? 0;
          const version: ScheduleVersion = { scheduleId: id, version: last + 1, document, effectiveFrom, savedAt, savedBy: actor.label };
          tx.insert(scheduleVersions).values({ ...version, document: JSON.stringify(document) }).run();
          recordAudit(
            tx,
            actor,
            created ? 'create' : 'update',
            'schedule',
            id,
            { after: { version: version.version, effectiveFrom, document } },
            savedAt,
          );
          return { version, created };
        },
        { behavior: 'immediate' },
      );
    },

    /** Removes the schedule with its versions and overrides (cascade). */
    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return deleteAudited(db, actor, 'schedule', id, at, {
        find: (tx) => tx.select().from(schedules).where(eq(schedules.id, id)).get(),
        remove: (tx) => tx.delete(schedules).where(eq(schedules.id, id)).run(),
      });
    },
  };
}
