import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NotFoundError, UnauthorizedError } from '../../errors.js';
import { decoyHash, verifyPassword } from '../../security/passwords.js';
import { principalOf } from '../plugins/auth.js';
import { problems } from '../schemas.js';
import { UserSchema, userView } from './users.js';

const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 320, examples: ['admin@example.com'] }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { max, windowMs } = app.config.loginRateLimit ?? { max: 30, windowMs: 60_000 };
  // Counted per client address and account, after the body is parsed: guessing one account's
  // password is throttled without locking everyone behind the same address (an office NAT, a
  // test runner) out of their own sign-in.
  const rateLimit = {
    max,
    timeWindow: windowMs,
    hook: 'preHandler' as const,
    keyGenerator: (request: { ip: string; body?: unknown }) => {
      const email = (request.body as { email?: unknown } | undefined)?.email;
      return `${request.ip}|${typeof email === 'string' ? email.toLowerCase() : ''}`;
    },
  };

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; returns a session JWT',
        security: [],
        body: LoginBody,
        response: { 200: Type.Object({ token: Type.String(), user: UserSchema }), ...problems(400, 401, 429) },
      },
    },
    async (request) => {
      const { email, password } = request.body;
      const found = await app.repos.users.findCredentials(email);
      // Verify against a decoy when the account does not exist: same work, same timing.
      const ok = await verifyPassword(password, found?.passwordHash ?? decoyHash);
      if (!found || !ok) throw new UnauthorizedError('wrong email or password');
      const token = app.jwt.sign({ sub: found.id });
      return { token, user: userView(found) };
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
      const user = session ? await app.repos.users.get(session.id) : null;
      if (!user) throw new NotFoundError('user of this credential', principalOf(request).actor.id);
      return userView(user);
    },
  );
};

export default authRoutes;
