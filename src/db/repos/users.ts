import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { ConflictError } from '../../errors.js';
import { deleteAudited, recordAudit, type Actor } from '../audit.js';
import type { Db } from '../client.js';
import { newId } from '../ids.js';
import { users } from '../schema.js';

export type Role = 'admin' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
  updatedAt: number;
}

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

/** What a session is checked against on every request. */
export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  /** Equals the `sv` claim of every session still valid; a password reset raises it. */
  sessionVersion: number;
}

export type UsersRepository = ReturnType<typeof usersRepository>;

export function usersRepository(db: Db) {
  const adminCount = (tx: Pick<Db, 'select'>) =>
    tx.select({ n: sql<number>`count(*)` }).from(users).where(eq(users.role, 'admin')).get()?.n ?? 0;

  const byId = db.select(publicColumns).from(users).where(eq(users.id, sql.placeholder('id'))).prepare();
  // Every request with a session reads its user: prepared once, it costs microseconds.
  const sessionById = db
    .select({ id: users.id, email: users.email, role: users.role, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();

  return {
    /** Admins who can sign in: none on a new database, or on a restored API backup (it has no password hashes). */
    async adminsWithPassword(): Promise<number> {
      return (
        db
          .select({ n: sql<number>`count(*)` })
          .from(users)
          .where(and(eq(users.role, 'admin'), ne(users.passwordHash, '')))
          .get()?.n ?? 0
      );
    },

    async list(): Promise<User[]> {
      return db.select(publicColumns).from(users).orderBy(asc(users.email)).all();
    },

    async get(id: string): Promise<User | null> {
      return byId.get({ id }) ?? null;
    },

    /** The user a session names, with the session version its token must carry. */
    async getForSession(id: string): Promise<SessionUser | null> {
      return sessionById.get({ id }) ?? null;
    },

    /** For login only: the one read that returns the password hash. */
    async findCredentials(email: string): Promise<(User & { passwordHash: string; sessionVersion: number }) | null> {
      return db.select().from(users).where(eq(users.email, email.toLowerCase())).get() ?? null;
    },

    async create(
      input: { email: string; name: string; role: Role; passwordHash: string },
      actor: Actor,
      at: number,
    ): Promise<User> {
      return db.transaction(
        (tx) => {
          const email = input.email.toLowerCase();
          if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
            throw new ConflictError(`a user with email "${email}" already exists`);
          }
          const user: User = { id: newId('usr'), email, name: input.name, role: input.role, createdAt: at, updatedAt: at };
          tx.insert(users).values({ ...user, passwordHash: input.passwordHash }).run();
          recordAudit(tx, actor, 'create', 'user', user.id, { after: user }, at);
          return user;
        },
        { behavior: 'immediate' },
      );
    },

    /**
     * Change name, role or password. Refuses to leave the server without an admin. A new password
     * ends every session of the user (their tokens carry the old session version). A role change
     * needs no such step: the role is read on every request.
     */
    async update(
      id: string,
      change: { name?: string; role?: Role; passwordHash?: string },
      actor: Actor,
      at: number,
    ): Promise<User | null> {
      return db.transaction(
        (tx) => {
          const before = tx.select(publicColumns).from(users).where(eq(users.id, id)).get();
          if (!before) return null;
          if (before.role === 'admin' && change.role === 'viewer' && adminCount(tx) <= 1) {
            throw new ConflictError('the last admin cannot be made a viewer');
          }
          tx.update(users)
            .set({
              ...change,
              ...(change.passwordHash ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
              updatedAt: at,
            })
            .where(eq(users.id, id))
            .run();
          const after = { ...before, ...(change.name ? { name: change.name } : {}), ...(change.role ? { role: change.role } : {}), updatedAt: at };
          recordAudit(tx, actor, 'update', 'user', id, {
            before,
            after: { ...after, ...(change.passwordHash ? { password: 'reset', sessions: 'ended' } : {}) },
          }, at);
          return after;
        },
        { behavior: 'immediate' },
      );
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return deleteAudited(db, actor, 'user', id, at, {
        find: (tx) => tx.select(publicColumns).from(users).where(eq(users.id, id)).get(),
        refuse: (user, tx) => {
          if (user.role === 'admin' && adminCount(tx) <= 1) throw new ConflictError('the last admin cannot be deleted');
        },
        remove: (tx) => tx.delete(users).where(eq(users.id, id)).run(),
      });
    },
  };
}
