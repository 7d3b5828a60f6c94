import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { ConflictError } from '../../errors.js';
import { auditTrail, type Actor } from '../audit.js';
import type { Database } from '../database.js';
import { newId } from '../ids.js';

/** What a request gives of a person's time off (spec §13). */
export interface TimeOffDraft {
  start: number;
  end: number;
  note: string | null;
}

export interface TimeOff extends TimeOffDraft {
  id: string;
  personId: string;
  createdAt: number;
  createdBy: string;
}

export type TimeOffRepository = ReturnType<typeof timeOffRepository>;

export function timeOffRepository(database: Database) {
  const { db, tables: { timeOff } } = database;
  const audit = auditTrail(database);
  return {
    /** Every entry of the people `personIds` (all people when omitted), by start. */
    async list(personIds?: readonly string[]): Promise<TimeOff[]> {
      const query = db.select().from(timeOff);
      const rows = personIds === undefined ? query : query.where(inArray(timeOff.personId, [...personIds]));
      return rows.orderBy(asc(timeOff.start), asc(timeOff.id));
    },

    async get(personId: string, id: string): Promise<TimeOff | null> {
      return (await db.select().from(timeOff).where(and(eq(timeOff.personId, personId), eq(timeOff.id, id))))[0] ?? null;
    },

    /**
     * Adds an entry; a ConflictError when the person already has `limit` (counted in the write
     * transaction, which the service also runs in its exclusive section).
     */
    async create(personId: string, draft: TimeOffDraft, limit: number, actor: Actor, at: number): Promise<TimeOff> {
      return database.transaction(async (tx) => {
        const [{ n }] = (await tx.select({ n: count() }).from(timeOff).where(eq(timeOff.personId, personId))) as [{ n: number }];
        if (n >= limit) throw new ConflictError(`person "${personId}" already has ${limit} time-off entries, the most one person may have: delete past ones first`);
        const entry: TimeOff = { id: newId('off'), personId, ...draft, createdAt: at, createdBy: actor.label };
        await tx.insert(timeOff).values(entry);
        await audit.record(tx, actor, 'create', 'time-off', entry.id, { after: entry }, at);
        database.announce(tx, { kind: 'time-off', person: personId });
        return entry;
      });
    },

    /** False when the person has no such entry. */
    async delete(personId: string, id: string, actor: Actor, at: number): Promise<boolean> {
      const where = and(eq(timeOff.personId, personId), eq(timeOff.id, id));
      return audit.deleteAudited(actor, 'time-off', id, at, {
        find: async (tx) => (await tx.select().from(timeOff).where(where))[0],
        remove: (tx) => {
          database.announce(tx, { kind: 'time-off', person: personId });
          return tx.delete(timeOff).where(where);
        },
      });
    },
  };
}
