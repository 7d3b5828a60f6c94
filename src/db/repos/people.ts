import { and, asc, eq, ne } from 'drizzle-orm';
import { ConflictError } from '../../errors.js';
import { auditTrail, type Actor } from '../audit.js';
import type { Database, Db } from '../database.js';
import type { Person } from '../../records.js';

export type { Person };

export interface PersonInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  timeZone?: string | null;
}

export type PeopleRepository = ReturnType<typeof peopleRepository>;

/**
 * In the open transaction `tx`: creates or replaces the person `id` (a 409 when another person
 * has the email); audited, announced. A PUT's write, and an import's (./configuration.ts).
 */
export async function putPerson(database: Database, tx: Db, id: string, input: PersonInput, actor: Actor, at: number): Promise<{ person: Person; created: boolean }> {
  const { people } = database.tables;
  const email = input.email ?? null;
  if (email !== null) {
    const [clash] = await tx
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.email, email), ne(people.id, id)));
    if (clash) throw new ConflictError(`email "${email}" already belongs to person "${clash.id}"`);
  }
  const [before] = await tx.select().from(people).where(eq(people.id, id));
  const fields = { name: input.name, email, phone: input.phone ?? null, timeZone: input.timeZone ?? null };
  const person: Person = { id, ...fields, createdAt: before?.createdAt ?? at, updatedAt: at };
  await tx
    .insert(people)
    .values(person)
    .onConflictDoUpdate({ target: people.id, set: { ...fields, updatedAt: at } });
  await auditTrail(database).record(tx, actor, before ? 'update' : 'create', 'person', id, { before, after: person }, at);
  database.announce(tx, { kind: 'people' });
  return { person, created: !before };
}

export function peopleRepository(database: Database) {
  const { db, tables: { people } } = database;
  const audit = auditTrail(database);
  return {
    async list(): Promise<Person[]> {
      return db.select().from(people).orderBy(asc(people.id));
    },

    async get(id: string): Promise<Person | null> {
      return (await db.select().from(people).where(eq(people.id, id)))[0] ?? null;
    },

    /** Create or replace by id. Email is unique among people when present. */
    async put(id: string, input: PersonInput, actor: Actor, at: number): Promise<{ person: Person; created: boolean }> {
      return database.transaction((tx) => putPerson(database, tx, id, input, actor, at));
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return audit.deleteAudited(actor, 'person', id, at, {
        find: async (tx) => (await tx.select().from(people).where(eq(people.id, id)))[0],
        remove: (tx) => {
          database.announce(tx, { kind: 'people' });
          // The person's own notification channels go with them (a cascading foreign key): the
          // notifier must stop planning notices for them.
          database.announce(tx, { kind: 'channel' });
          // So does their time off (cached per person by the timeline cache).
          database.announce(tx, { kind: 'time-off', person: id });
          return tx.delete(people).where(eq(people.id, id));
        },
      });
    },
  };
}
