import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ForbiddenError, NotFoundError, UnauthorizedError } from '../../errors.js';
import { decoyHash, verifyPassword } from '../../security/passwords.js';
import { principalOf } from '../plugins/auth.js';
import { problems } from '../schemas.js';
import { Password, UserSchema, userView } from './users.js';

/** /auth/me: the user, and the person that is theirs (what a viewer manages: feeds, channels, time off). */
const MeSchema = Type.Object({
  ...UserSchema.properties,
  person: Type.Union([Type.String(), Type.Null()], { description: 'The id of the person whose email is the user’s, or null', examples: ['alice'] }),
});

const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 320, examples: ['admin@localhost'] }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

const PasswordChangeBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  newPassword: Password,
});

const LOGIN_RATE_LIMIT_DEFAULTS = { max: 30, maxPerAddress: 100, windowMs: 60_000 };

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limits = { ...LOGIN_RATE_LIMIT_DEFAULTS, ...app.config.loginRateLimit };
  // Every password a client sends is counted twice, before it is hashed. Per client address and
  // account: guessing one account's password is throttled without locking everyone behind the
  // same address (an office NAT, a test runner) out of their own sign-in. Per client address
  // across accounts (sign-ins and password changes alike): random emails from one address cannot
  // each buy a fresh scrypt.
  const perAddress = app.createRateLimit({ max: limits.maxPerAddress, timeWindow: limits.windowMs, keyGenerator: (r) => r.ip });

  /** A preHandler counting a password attempt on the account `accountOf` names (after validation: it may read the body). */
  function throttle(accountOf: (request: FastifyRequest) => string) {
    const perAccount = app.createRateLimit({ max: limits.max, timeWindow: limits.windowMs, keyGenerator: (r) => `${r.ip}|${accountOf(r)}` });
    return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      for (const check of [perAddress, perAccount]) {
        const limit = await check(request);
        if (!limit.isAllowed && limit.isExceeded) {
          reply.header('retry-after', String(limit.ttlInSeconds));
          throw new AppError(429, 'Too many requests', `too many password attempts; retry in ${limit.ttlInSeconds} s`);
        }
      }
    };
  }

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      // After the body is parsed and validated: the per-account count needs the email.
      preHandler: throttle((r) => (r.body as { email: string }).email.toLowerCase()),
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; returns a session JWT',
        description:
          'Limited per client address (across accounts) and per address and account; past a limit, 429 with Retry-After. ' +
          'When too many passwords are being checked at once, 503 with Retry-After.',
        security: [],
        body: LoginBody,
        response: { 200: Type.Object({ token: Type.String(), user: UserSchema }), ...problems(400, 401, 429, 503) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const found = await app.services.users.credentials(email);
      // Verify against a decoy when the account does not exist: same work, same timing.
      const ok = await verifyPassword(password, found?.passwordHash ?? decoyHash);
      if (!found || !ok) throw new UnauthorizedError('wrong email or password');
      // The token is a credential: no cache may keep it.
      reply.header('cache-control', 'no-store');
      return { token: await app.sessions.issue(found), user: userView(found) };
    },
  );

  app.post(
    '/auth/password',
    {
      // Any signed-in user, viewers included, for their own account.
      config: { access: 'read' },
      preHandler: throttle((r) => principalOf(r).actor.id),
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; returns a new session JWT',
        description:
          'For a signed-in user (an API token has no password: 403). `currentPassword` must be the password in use ' +
          '(else 400 naming `/currentPassword`); `newPassword` at least 8 characters. Every session of the user ends, ' +
          'this one included: the answer carries a new session token to use from now on. ' +
          'Password attempts are limited as for sign-in (429 with Retry-After).',
        body: PasswordChangeBody,
        response: { 200: Type.Object({ token: Type.String(), user: UserSchema }), ...problems(400, 401, 403, 429, 503) },
      },
    },
    async (request, reply) => {
      const { actor, user } = principalOf(request);
      if (!user) throw new ForbiddenError('an API token has no password to change');
      const changed = await app.services.users.changeOwnPassword(user.id, request.body, actor);
      reply.header('cache-control', 'no-store');
      return { token: await app.sessions.issue(changed), user: userView(changed) };
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user (404 for an API token, which belongs to no user)',
        description: '`person` is the user’s own person (whose email is theirs, spec §10), or null.',
        response: { 200: MeSchema, ...problems(401, 404) },
      },
    },
    async (request) => {
      const session = principalOf(request).user;
      const user = session ? await app.services.users.get(session.id) : null;
      if (!user) throw new NotFoundError('user of this credential', principalOf(request).actor.id);
      return { ...userView(user), person: await app.services.people.linkedTo(user.email) };
    },
  );
};

export default authRoutes;
