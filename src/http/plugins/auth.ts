/**
 * Bearer authentication for /api/v1: session JWTs (HS256 only, with expiry and maxAge) and API
 * tokens (`rota_…`), and the per-route access check. Runs in onRequest, before any body is read.
 */
import type { Caller } from '../../services/caller.js';
import fastifyJwt from '@fastify/jwt';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../services/index.js';
import { API_TOKEN_PREFIX } from '../../services/api-tokens.js';
import type { SessionUser } from '../../services/users.js';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import { PasswordHashingBusyError } from '../../security/passwords.js';
import type { Access, Principal } from '../types.js';

/** How far ahead of this server's clock a token's `iat` may be (another clock's drift), no more. */
const CLOCK_SKEW_SECONDS = 60;

interface SessionClaims {
  sub: string;
  /** The user's session version when the token was issued; a password reset raises it. */
  sv: number;
  iat: number;
  exp: number;
}

export interface AuthOptions {
  /**
   * ROTA_JWT_SECRET: sessions are signed with it and it cannot be rotated. Without it a secret is
   * generated once and kept in the settings table, where rotation replaces it.
   */
  pinnedSecret?: string;
  sessionTtlSeconds: number;
}

/** Session tokens as the routes see them. */
export interface Sessions {
  /** A signed session token for the user, valid until their session version changes. */
  issue(user: Pick<SessionUser, 'id' | 'sessionVersion'>): Promise<string>;
  /** Signs sessions with a new secret from now on: every session signed before ends at once. */
  rotateSecret(actor: Actor): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    sessions: Sessions;
  }
}

/** The credential of `Authorization: Bearer <credential>`, or null when the header is not that. */
export function bearerCredential(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}

async function authPlugin(app: FastifyInstance, opts: AuthOptions) {
  const { sessionSecret, apiTokens, users } = app.services;
  // Asked at every use, not kept here: the service caches it until a rotation on any instance.
  const secret = () => sessionSecret.current(opts.pinnedSecret);

  await app.register(fastifyJwt, {
    // Read at each verification, so a rotation applies to the next request without a restart.
    secret: () => secret(),
    sign: { algorithm: 'HS256', expiresIn: opts.sessionTtlSeconds },
    verify: {
      algorithms: ['HS256'],
      maxAge: `${opts.sessionTtlSeconds}s`,
      // Without exp a token never expires, and without iat maxAge is never checked.
      requiredClaims: ['sub', 'sv', 'iat', 'exp'],
      extractToken: (request) => bearerCredential(request) ?? undefined,
    },
  });

  app.decorate('sessions', {
    issue: async (user) => app.jwt.sign({ sub: user.id, sv: user.sessionVersion }, { key: await secret() }),
    async rotateSecret(actor) {
      await sessionSecret.rotate(opts.pinnedSecret, actor);
    },
  } satisfies Sessions);

  async function fromApiToken(credential: string): Promise<Principal> {
    const token = await apiTokens.authenticate(credential);
    if (!token) throw new UnauthorizedError('unknown or revoked API token');
    return { actor: { type: 'token', id: token.id, label: token.name }, canWrite: token.scope === 'admin', user: null };
  }

  async function fromSession(request: FastifyRequest): Promise<Principal> {
    let claims: SessionClaims;
    try {
      claims = await request.jwtVerify<SessionClaims>();
    } catch {
      throw new UnauthorizedError('invalid or expired session token');
    }
    // fast-jwt checks exp and maxAge but not an iat in the future, which would stretch maxAge.
    // Real time, not the services' clock: @fastify/jwt stamps iat and checks exp with it.
    if (claims.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw new UnauthorizedError('invalid or expired session token');
    // The user is read on every request so a deleted user, a changed role or a password reset
    // (a new session version) takes effect at once.
    const user = typeof claims.sub === 'string' ? await users.forSession(claims.sub) : null;
    if (!user) throw new UnauthorizedError('the session belongs to no user');
    if (claims.sv !== user.sessionVersion) throw new UnauthorizedError('the session has ended; sign in again');
    return {
      actor: { type: 'user', id: user.id, label: user.email },
      canWrite: user.role === 'admin',
      user: { id: user.id, email: user.email, role: user.role },
    };
  }

  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const access: Access =
      request.routeOptions.config.access ?? (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'admin');
    if (access === 'public') return;
    const credential = bearerCredential(request);
    if (!credential) throw new UnauthorizedError('send credentials as "Authorization: Bearer <token>"');
    request.principal = credential.startsWith(`${API_TOKEN_PREFIX}_`)
      ? await fromApiToken(credential)
      : await fromSession(request);
    if (access === 'admin' && !request.principal.canWrite) {
      throw new ForbiddenError('this credential may only read');
    }
  });

  // Password hashing is bounded (security/passwords.ts); a refused sign-in says when to retry.
  app.addHook('onError', async (_request, reply, error) => {
    if (error instanceof PasswordHashingBusyError) reply.header('retry-after', String(error.retryAfterSeconds));
  });
}

export default fp(authPlugin, { name: 'rota-auth' });

/** The caller of a route that required credentials. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

/** The caller as the services' ownership rules see it (one's own feeds and reminder channels). */
export function callerOf(request: FastifyRequest): Caller {
  const p = principalOf(request);
  return { actor: p.actor, canWrite: p.canWrite, userEmail: p.user?.email ?? null };
}
