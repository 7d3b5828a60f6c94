import { and, asc, eq, inArray } from 'drizzle-orm';
import { auditTrail, type Actor } from '../audit.js';
import type { Database, Db } from '../database.js';
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
  /** The swap (spec §13) this override is one half of, or null. */
  swap: string | null;
  createdAt: number;
  createdBy: string;
}

export type OverridesRepository = ReturnType<typeof overridesRepository>;

/**
 * Inserts `inputs` into the open transaction `tx` in order (each newer than the one before),
 * audited, announced: an override POST's write, a swap's, and an import's (./configuration.ts).
 */
export async function insertOverrides(
  database: Database,
  tx: Db,
  scheduleId: string,
  inputs: readonly OverrideInput[],
  swap: string | null,
  actor: Actor,
  at: number,
): Promise<Override[]> {
  const { overrides } = database.tables;
  const audit = auditTrail(database);
  const out: Override[] = [];
  for (const input of inputs) {
    const values = { id: newId('ovr'), scheduleId, ...input, swap, createdAt: at, createdBy: actor.label };
    const [{ seq }] = (await tx.insert(overrides).values(values).returning({ seq: overrides.seq })) as [{ seq: number }];
    const override: Override = { ...values, seq };
    await audit.record(tx, actor, 'create', 'override', override.id, { after: override }, at);
    out.push(override);
  }
  database.announce(tx, { kind: 'schedule', id: scheduleId });
  return out;
}

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
        const [override] = await insertOverrides(database, tx, scheduleId, [input], null, actor, at);
        return override!;
      });
    },

    /** The two overrides of a swap (spec §13), in one transaction: both or neither. */
    async createSwap(scheduleId: string, halves: readonly [OverrideInput, OverrideInput], actor: Actor, at: number): Promise<{ id: string; overrides: Override[] }> {
      return database.transaction(async (tx) => {
        const id = newId('swp');
        return { id, overrides: await insertOverrides(database, tx, scheduleId, halves, id, actor, at) };
      });
    },

    /**
     * Deletes an override and, when it is half of a swap, the other half with it in the same
     * transaction (spec §13). False when the schedule has no such override.
     */
    async delete(scheduleId: string, id: string, actor: Actor, at: number): Promise<boolean> {
      return database.transaction(async (tx) => {
        const [found] = await tx.select().from(overrides).where(and(eq(overrides.scheduleId, scheduleId), eq(overrides.id, id)));
        if (!found) return false;
        const gone = found.swap === null ? [found] : await tx.select().from(overrides).where(and(eq(overrides.scheduleId, scheduleId), eq(overrides.swap, found.swap)));
        await tx.delete(overrides).where(inArray(overrides.id, gone.map((o) => o.id)));
        for (const o of gone) await audit.record(tx, actor, 'delete', 'override', o.id, { before: o }, at);
        database.announce(tx, { kind: 'schedule', id: scheduleId });
        return true;
      });
    },
  };
}
