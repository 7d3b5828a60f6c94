import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFoundError, UnauthorizedError } from '../../errors.js';
import { decoyHash, verifyPassword } from '../../security/passwords.js';
import { principalOf } from '../plugins/auth.js';
import { problems } from '../schemas.js';
import { UserSchema, userView } from './users.js';

const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 320, examples: ['admin@example.com'] }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

const LOGIN_RATE_LIMIT_DEFAULTS = { max: 30, maxPerAddress: 100, windowMs: 60_000 };

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limits = { ...LOGIN_RATE_LIMIT_DEFAULTS, ...app.config.loginRateLimit };
  // Two counts, both checked before any password is hashed. Per client address and account:
  // guessing one account's password is throttled without locking everyone behind the same
  // address (an office NAT, a test runner) out of their own sign-in. Per client address across
  // accounts: random emails from one address cannot each buy a fresh scrypt.
  const perAddress = app.createRateLimit({ max: limits.maxPerAddress, timeWindow: limits.windowMs, keyGenerator: (r) => r.ip });
  const perAccount = app.createRateLimit({
    max: limits.max,
    timeWindow: limits.windowMs,
    keyGenerator: (r) => `${r.ip}|${(r.body as { email: string }).email.toLowerCase()}`,
  });

  async function throttle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    for (const check of [perAddress, perAccount]) {
      const limit = await check(request);
      if (!limit.isAllowed && limit.isExceeded) {
        reply.header('retry-after', String(limit.ttlInSeconds));
        throw new AppError(429, 'Too many requests', `too many sign-in attempts; retry in ${limit.ttlInSeconds} s`);
      }
    }
  }

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      // After the body is parsed and validated: the per-account count needs the email.
      preHandler: throttle,
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
      return { token: app.sessions.issue(found), user: userView(found) };
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user (404 for an API token, which belongs to no user)',
        response: { 200: UserSchema, ...problems(401, 404) },
      },
    },
    async (request) => {
      const session = principalOf(request).user;
      const user = session ? await app.services.users.get(session.id) : null;
      if (!user) throw new NotFoundError('user of this credential', principalOf(request).actor.id);
      return userView(user);
    },
  );
};

export default authRoutes;
