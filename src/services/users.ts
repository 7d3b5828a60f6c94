/**
 * Who may sign in (spec §10): users, their passwords (hashed here, within the hashing bound of
 * security/passwords.ts) and what a session needs to know of them on every request.
 */
import { systemActor, type Actor, type Repositories } from '../db/index.js';
import type { Role, SessionUser, User } from '../db/repos/users.js';
import { UnauthorizedError, ValidationError } from '../errors.js';
import { hashPassword, verifyPassword } from '../security/passwords.js';
import { randomPassword } from '../security/secrets.js';

export type { Role, SessionUser, User };

export type UsersService = ReturnType<typeof usersService>;

export function usersService(repos: Repositories, now: () => number) {
  return {
    list: () => repos.users.list(),
    get: (id: string) => repos.users.get(id),
    /** Read on every request of a session: a deleted user, a new role or a reset password applies at once. */
    forSession: (id: string) => repos.users.getForSession(id),
    /** The user signing in with `email`, with the hash their password is checked against. */
    credentials: (email: string) => repos.users.findCredentials(email),

    async create(input: { email: string; name: string; role: Role; password: string }, actor: Actor): Promise<User> {
      const { password, ...rest } = input;
      return repos.users.create({ ...rest, passwordHash: await hashPassword(password) }, actor, now());
    },

    /** Null when there is no such user. A new password ends every session of the user (the repository raises its session version). */
    async update(id: string, change: { name?: string; role?: Role; password?: string }, actor: Actor): Promise<User | null> {
      const { password, ...rest } = change;
      return repos.users.update(id, { ...rest, passwordHash: password === undefined ? undefined : await hashPassword(password) }, actor, now());
    },

    /**
     * A user changing their own password. The current one must be given, so a session left open
     * on someone else's screen cannot take the account over. Every session of the user ends (the
     * session version rises); the answer is the user with that new version, to start a new session.
     */
    async changeOwnPassword(id: string, change: { currentPassword: string; newPassword: string }, actor: Actor): Promise<User & Pick<SessionUser, 'sessionVersion'>> {
      const session = await repos.users.getForSession(id);
      const credentials = session ? await repos.users.findCredentials(session.email) : null;
      if (!credentials) throw new UnauthorizedError('the session belongs to no user');
      if (!(await verifyPassword(change.currentPassword, credentials.passwordHash))) {
        throw new ValidationError([{ path: '/currentPassword', message: 'is not your current password' }]);
      }
      const user = await repos.users.update(id, { passwordHash: await hashPassword(change.newPassword) }, actor, now());
      const after = await repos.users.getForSession(id);
      if (!user || !after) throw new UnauthorizedError('the session belongs to no user');
      return { ...user, sessionVersion: after.sessionVersion };
    },

    delete: (id: string, actor: Actor) => repos.users.delete(id, actor, now()),

    /**
     * Makes sure an admin can sign in (spec §10). A new database has no users; a restored API
     * backup has users without passwords (it carries no credentials): then the user `email` gets
     * `password` (random when not given) — created, or if that user exists, made admin with it.
     * Null when an admin could already sign in; else what was done, with the password set.
     */
    async ensureAdmin(email: string, password: string | undefined): Promise<{ promoted: boolean; password: string } | null> {
      // Exclusive: instances started together on one new database would each find no admin and
      // create the same one, and all but the first would fail to start on the unique email.
      return repos.exclusive(async () => {
        if ((await repos.users.adminsWithPassword()) > 0) return null;
        const chosen = password ?? randomPassword();
        const passwordHash = await hashPassword(chosen);
        const existing = await repos.users.findCredentials(email);
        if (existing) await repos.users.update(existing.id, { role: 'admin', passwordHash }, systemActor, now());
        else await repos.users.create({ email, name: 'Administrator', role: 'admin', passwordHash }, systemActor, now());
        return { promoted: existing !== null, password: chosen };
      });
    },
  };
}
