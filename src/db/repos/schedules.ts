import { asc, eq, sql } from 'drizzle-orm';
import type { ScheduleDoc } from '../../engine/index.js';
import { auditTrail, type Actor } from '../audit.js';
import type { Database, Db, Tables } from '../database.js';

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

type Row = Tables['scheduleVersions']['$inferSelect'];

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

/**
 * In the open transaction `tx`: `document` as the schedule's next version, creating the schedule
 * on its first; audited, announced. A PUT's write, and an import's (./configuration.ts).
 */
export async function insertVersion(
  database: Database,
  tx: Db,
  id: string,
  document: ScheduleDoc,
  effectiveFrom: number,
  actor: Actor,
  savedAt: number,
): Promise<{ version: ScheduleVersion; created: boolean }> {
  const { scheduleVersions, schedules } = database.tables;
  const created = (await tx.select({ id: schedules.id }).from(schedules).where(eq(schedules.id, id))).length === 0;
  if (created) await tx.insert(schedules).values({ id, createdAt: savedAt });
  const [last] = await tx
    .select({ n: sql<number | null>`max(${scheduleVersions.version})`.mapWith(Number) })
    .from(scheduleVersions)
    .where(eq(scheduleVersions.scheduleId, id));
  const version: ScheduleVersion = { scheduleId: id, version: (last?.n ?? 0) + 1, document, effectiveFrom, savedAt, savedBy: actor.label };
  await tx.insert(scheduleVersions).values({ ...version, document: JSON.stringify(document) });
  await auditTrail(database).record(
    tx,
    actor,
    created ? 'create' : 'update',
    'schedule',
    id,
    { after: { version: version.version, effectiveFrom, document } },
    savedAt,
  );
  database.announce(tx, { kind: 'schedule', id });
  return { version, created };
}

export function schedulesRepository(database: Database) {
  const { db, tables: { scheduleVersions, schedules } } = database;
  const audit = auditTrail(database);
  return {
    async exists(id: string): Promise<boolean> {
      return (await db.select({ id: schedules.id }).from(schedules).where(eq(schedules.id, id))).length > 0;
    },

    async listIds(): Promise<string[]> {
      return (await db.select({ id: schedules.id }).from(schedules).orderBy(asc(schedules.id))).map((r) => r.id);
    },

    /** Every version of one schedule, oldest first; [] for an unknown schedule. */
    async versions(id: string): Promise<ScheduleVersion[]> {
      return (await db.select().from(scheduleVersions).where(eq(scheduleVersions.scheduleId, id)).orderBy(asc(scheduleVersions.version))).map(
        fromRow,
      );
    },

    /** Every version of every schedule in one query, grouped by schedule id (sorted), oldest first. */
    async allVersions(): Promise<Map<string, ScheduleVersion[]>> {
      const rows = await db.select().from(scheduleVersions).orderBy(asc(scheduleVersions.scheduleId), asc(scheduleVersions.version));
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
      return database.transaction((tx) => insertVersion(database, tx, id, document, effectiveFrom, actor, savedAt));
    },

    /** Removes the schedule with its versions and overrides (cascade). */
    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return audit.deleteAudited(actor, 'schedule', id, at, {
        find: async (tx) => (await tx.select().from(schedules).where(eq(schedules.id, id)))[0],
        remove: (tx) => {
          database.announce(tx, { kind: 'schedule', id });
          return tx.delete(schedules).where(eq(schedules.id, id));
        },
      });
    },
  };
}
