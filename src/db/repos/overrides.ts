import { and, asc, eq } from 'drizzle-orm';
import { deleteAudited, recordAudit, type Actor } from '../audit.js';
import type { Db } from '../client.js';
import { newId } from '../ids.js';
import { overrides } from '../schema.js';

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

export function overridesRepository(db: Db) {
  return {
    /** A schedule's overrides by start. */
    async listForSchedule(scheduleId: string): Promise<Override[]> {
      return db.select().from(overrides).where(eq(overrides.scheduleId, scheduleId)).orderBy(asc(overrides.start), asc(overrides.seq)).all();
    },

    /** Every override of every schedule, grouped by schedule id. */
    async all(): Promise<Map<string, Override[]>> {
      const out = new Map<string, Override[]>();
      for (const o of db.select().from(overrides).orderBy(asc(overrides.start), asc(overrides.seq)).all()) {
        const list = out.get(o.scheduleId) ?? [];
        list.push(o);
        out.set(o.scheduleId, list);
      }
      return out;
    },

    async get(scheduleId: string, id: string): Promise<Override | null> {
      return db.select().from(overrides).where(and(eq(overrides.scheduleId, scheduleId), eq(overrides.id, id))).get() ?? null;
    },

    async create(scheduleId: string, input: OverrideInput, actor: Actor, at: number): Promise<Override> {
      return db.transaction(
        (tx) => {
          const values = { id: newId('ovr'), scheduleId, ...input, createdAt: at, createdBy: actor.label };
          const { seq } = tx.insert(overrides).values(values).returning({ seq: overrides.seq }).get();
          const override: Override = { ...values, seq };
          recordAudit(tx, actor, 'create', 'override', override.id, { after: override }, at);
          return override;
        },
        { behavior: 'immediate' },
      );
    },

    async delete(scheduleId: string, id: string, actor: Actor, at: number): Promise<boolean> {
      const where = and(eq(overrides.scheduleId, scheduleId), eq(overrides.id, id));
      return deleteAudited(db, actor, 'override', id, at, {
        find: (tx) => tx.select().from(overrides).where(where).get(),
        remove: (tx) => tx.delete(overrides).where(where).run(),
      });
    },
  };
}
