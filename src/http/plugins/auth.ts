/**
 * Bearer authentication for /api/v1: session JWTs (HS256 only, with expiry and maxAge) and API
 * tokens (`rota_…`), and the per-route access check. Runs in onRequest, before any body is read.
 */
import fastifyJwt from '@fastify/jwt';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import { hashSecret, secretMatches } from '../../security/secrets.js';
import type { Access, Principal } from '../types.js';

export const API_TOKEN_PREFIX = 'rota';

/** A token's lastUsedAt is written at most this often, so polling tools don't turn reads into writes. */
const TOUCH_INTERVAL_MS = 60_000;

interface SessionClaims {
  sub: string;
}

export interface AuthOptions {
  jwtSecret: string;
  sessionTtlSeconds: number;
}

async function authPlugin(app: FastifyInstance, opts: AuthOptions) {
  await app.register(fastifyJwt, {
    secret: opts.jwtSecret,
    sign: { algorithm: 'HS256', expiresIn: opts.sessionTtlSeconds },
    verify: { algorithms: ['HS256'], maxAge: `${opts.sessionTtlSeconds}s` },
  });

  const lastTouched = new Map<string, number>();

  async function fromApiToken(secret: string): Promise<Principal> {
    const token = await app.repos.apiTokens.findByHash(hashSecret(secret));
    if (!token || !secretMatches(secret, token.tokenHash)) throw new UnauthorizedError('unknown or revoked API token');
    const now = Date.now();
    if (now - (lastTouched.get(token.id) ?? token.lastUsedAt ?? 0) >= TOUCH_INTERVAL_MS) {
      lastTouched.set(token.id, now);
      await app.repos.apiTokens.touch(token.id, now);
    }
    return { actor: { type: 'token', id: token.id, label: token.name }, canWrite: token.scope === 'admin', user: null };
  }

  async function fromSession(jwt: string): Promise<Principal> {
    let claims: SessionClaims;
    try {
      claims = app.jwt.verify<SessionClaims>(jwt);
    } catch {
      throw new UnauthorizedError('invalid or expired session token');
    }
    // The user is read on every request so a deleted user or a changed role takes effect at once.
    const user = typeof claims.sub === 'string' ? await app.repos.users.get(claims.sub) : null;
    if (!user) throw new UnauthorizedError('the session belongs to no user');
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
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new UnauthorizedError('send credentials as "Authorization: Bearer <token>"');
    const credential = match[1]!;
    request.principal = credential.startsWith(`${API_TOKEN_PREFIX}_`)
      ? await fromApiToken(credential)
      : await fromSession(credential);
    if (access === 'admin' && !request.principal.canWrite) {
      throw new ForbiddenError('this credential may only read');
    }
  });
}

export default fp(authPlugin, { name: 'rota-auth' });

/** The caller of a route that required credentials. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}
