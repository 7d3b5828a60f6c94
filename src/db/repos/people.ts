import { and, asc, eq, ne } from 'drizzle-orm';
import { ConflictError } from '../../errors.js';
import { deleteAudited, recordAudit, type Actor } from '../audit.js';
import type { Db } from '../client.js';
import { people } from '../schema.js';
import type { Person } from '../../records.js';

export type { Person };

export interface PersonInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  timeZone?: string | null;
}

export type PeopleRepository = ReturnType<typeof peopleRepository>;

export function peopleRepository(db: Db) {
  return {
    async list(): Promise<Person[]> {
      return db.select().from(people).orderBy(asc(people.id)).all();
    },

    async get(id: string): Promise<Person | null> {
      return db.select().from(people).where(eq(people.id, id)).get() ?? null;
    },

    /** Create or replace by id. Email is unique among people when present. */
    async put(id: string, input: PersonInput, actor: Actor, at: number): Promise<{ person: Person; created: boolean }> {
      return db.transaction(
        (tx) => {
          const email = input.email ?? null;
          if (email !== null) {
            const clash = tx
              .select({ id: people.id })
              .from(people)
              .where(and(eq(people.email, email), ne(people.id, id)))
              .get();
            if (clash) throw new ConflictError(`email "${email}" already belongs to person "${clash.id}"`);
          }
          const before = tx.select().from(people).where(eq(people.id, id)).get();
          const fields = { name: input.name, email, phone: input.phone ?? null, timeZone: input.timeZone ?? null };
          const person: Person = { id, ...fields, createdAt: before?.createdAt ?? at, updatedAt: at };
          tx.insert(people)
            .values(person)
            .onConflictDoUpdate({ target: people.id, set: { ...fields, updatedAt: at } })
            .run();
          recordAudit(tx, actor, before ? 'update' : 'create', 'person', id, { before, after: person }, at);
          return { person, created: !before };
        },
        { behavior: 'immediate' },
      );
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return deleteAudited(db, actor, 'person', id, at, {
        find: (tx) => tx.select().from(people).where(eq(people.id, id)).get(),
        remove: (tx) => tx.delete(people).where(eq(people.id, id)).run(),
      });
    },
  };
}
