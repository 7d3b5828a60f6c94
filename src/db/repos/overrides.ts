import { and, asc, eq } from 'drizzle-orm';
import { auditTrail, type Actor } from '../audit.js';
import type { Database } from '../database.js';
import { newId } from '../ids.js';

export interface OverrideInput {
  personId: string;
  start: number;
  end: number;
  note: string | null;
}

export interface Override extends OverrideInput {
  id: string;
  /** Larger is newer; the newest override wins where overrides overlap (spec §4). */
  seq: number;
  scheduleId: string;
  createdAt: number;
  createdBy: string;
}

export type OverridesRepository = ReturnType<typeof overridesRepository>;

export function overridesRepository(database: Database) {
  const { db, tables: { overrides } } = database;
  const audit = auditTrail(database);
  return {
    /** A schedule's overrides by start. */
    async listForSchedule(scheduleId: string): Promise<Override[]> {
      return db.select().from(overrides).where(eq(overrides.scheduleId, scheduleId)).orderBy(asc(overrides.start), asc(overrides.seq));
    },

    /** Every override of every schedule, grouped by schedule id. */
    async all(): Promise<Map<string, Override[]>> {
      const out = new Map<string, Override[]>();
      for (const o of await db.select().from(overrides).orderBy(asc(overrides.start), asc(overrides.seq))) {
        const list = out.get(o.scheduleId) ?? [];
        list.push(o);
        out.set(o.scheduleId, list);
      }
      return out;
    },

    async get(scheduleId: string, id: string): Promise<Override | null> {
      return (await db.select().from(overrides).where(and(eq(overrides.scheduleId, scheduleId), eq(overrides.id, id))))[0] ?? null;
    },

    async create(scheduleId: string, input: OverrideInput, actor: Actor, at: number): Promise<Override> {
      return database.transaction(async (tx) => {
        const values = { id: newId('ovr'), scheduleId, ...input, createdAt: at, createdBy: actor.label };
        const [{ seq }] = (await tx.insert(overrides).values(values).returning({ seq: overrides.seq })) as [{ seq: number }];
        const override: Override = { ...values, seq };
        await audit.record(tx, actor, 'create', 'override', override.id, { after: override }, at);
        database.announce(tx, { kind: 'schedule', id: scheduleId });
        return override;
      });
    },

    async delete(scheduleId: string, id: string, actor: Actor, at: number): Promise<boolean> {
      const where = and(eq(overrides.scheduleId, scheduleId), eq(overrides.id, id));
      return audit.deleteAudited(actor, 'override', id, at, {
        find: async (tx) => (await tx.select().from(overrides).where(where))[0],
        remove: (tx) => {
          database.announce(tx, { kind: 'schedule', id: scheduleId });
          return tx.delete(overrides).where(where);
        },
      });
    },
  };
}
