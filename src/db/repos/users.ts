import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { ConflictError } from '../../errors.js';
import { auditTrail, type Actor } from '../audit.js';
import type { Database, Db } from '../database.js';
import { newId } from '../ids.js';

export type Role = 'admin' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
  updatedAt: number;
}

/** What a session is checked against on every request. */
export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  /** Equals the `sv` claim of every session still valid; a password reset raises it. */
  sessionVersion: number;
}

export type UsersRepository = ReturnType<typeof usersRepository>;

export function usersRepository(database: Database) {
  const { db, tables: { users } } = database;
  const audit = auditTrail(database);
  const publicColumns = {
    id: users.id,
    email: users.email,
    name: users.name,
    role: users.role,
    createdAt: users.createdAt,
    updatedAt: users.updatedAt,
  };
  const adminCount = async (tx: Db) => (await tx.select({ n: count() }).from(users).where(eq(users.role, 'admin')))[0]?.n ?? 0;

  const byId = db.select(publicColumns).from(users).where(eq(users.id, sql.placeholder('id'))).prepare('user_by_id');
  // Every request with a session reads its user: prepared once, it costs microseconds.
  const sessionById = db
    .select({ id: users.id, email: users.email, role: users.role, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('session_user_by_id');

  return {
    /** Admins who can sign in: none on a new database, or on a restored API backup (it has no password hashes). */
    async adminsWithPassword(): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, 'admin'), ne(users.passwordHash, '')));
      return row?.n ?? 0;
    },

    async list(): Promise<User[]> {
      return db.select(publicColumns).from(users).orderBy(asc(users.email));
    },

    async get(id: string): Promise<User | null> {
      return (await byId.execute({ id }))[0] ?? null;
    },

    /** The user a session names, with the session version its token must carry. */
    async getForSession(id: string): Promise<SessionUser | null> {
      return (await sessionById.execute({ id }))[0] ?? null;
    },

    /** For login only: the one read that returns the password hash. */
    async findCredentials(email: string): Promise<(User & { passwordHash: string; sessionVersion: number }) | null> {
      return (await db.select().from(users).where(eq(users.email, email.toLowerCase())))[0] ?? null;
    },

    async create(
      input: { email: string; name: string; role: Role; passwordHash: string },
      actor: Actor,
      at: number,
    ): Promise<User> {
      return database.transaction(async (tx) => {
        const email = input.email.toLowerCase();
        if ((await tx.select({ id: users.id }).from(users).where(eq(users.email, email))).length > 0) {
          throw new ConflictError(`a user with email "${email}" already exists`);
        }
        const user: User = { id: newId('usr'), email, name: input.name, role: input.role, createdAt: at, updatedAt: at };
        await tx.insert(users).values({ ...user, passwordHash: input.passwordHash });
        await audit.record(tx, actor, 'create', 'user', user.id, { after: user }, at);
        return user;
      });
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
      return database.transaction(async (tx) => {
        const [before] = await tx.select(publicColumns).from(users).where(eq(users.id, id));
        if (!before) return null;
        if (before.role === 'admin' && change.role === 'viewer' && (await adminCount(tx)) <= 1) {
          throw new ConflictError('the last admin cannot be made a viewer');
        }
        await tx
          .update(users)
          .set({
            ...change,
            ...(change.passwordHash ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
            updatedAt: at,
          })
          .where(eq(users.id, id));
        const after = { ...before, ...(change.name ? { name: change.name } : {}), ...(change.role ? { role: change.role } : {}), updatedAt: at };
        await audit.record(tx, actor, 'update', 'user', id, {
          before,
          after: { ...after, ...(change.passwordHash ? { password: 'reset', sessions: 'ended' } : {}) },
        }, at);
        return after;
      });
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return audit.deleteAudited(actor, 'user', id, at, {
        find: async (tx) => (await tx.select(publicColumns).from(users).where(eq(users.id, id)))[0],
        refuse: async (user, tx) => {
          if (user.role === 'admin' && (await adminCount(tx)) <= 1) throw new ConflictError('the last admin cannot be deleted');
        },
        remove: (tx) => tx.delete(users).where(eq(users.id, id)),
      });
    },
  };
}
