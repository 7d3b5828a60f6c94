/**
 * API tokens for alerting tools (spec §10): 256 random bits shown once, stored as SHA-256. A
 * presented token is hashed once: the lookup goes by that hash and the constant-time check
 * reuses it. `lastUsedAt` is written at most once a minute, so polling stays a read.
 */
import type { Actor, Repositories } from '../db/index.js';
import type { ApiToken, TokenScope } from '../db/repos/api-tokens.js';
import { hashesMatch, hashSecret, newSecret } from '../security/secrets.js';

export type { ApiToken, TokenScope };

export const API_TOKEN_PREFIX = 'rota';

/** A token's lastUsedAt is written at most this often, so polling tools don't turn reads into writes. */
const TOUCH_INTERVAL_MS = 60_000;

export type ApiTokensService = ReturnType<typeof apiTokensService>;

export function apiTokensService(repos: Repositories, now: () => number) {
  const lastTouched = new Map<string, number>();

  return {
    list: () => repos.apiTokens.list(),

    /** A new token with its secret, which is shown this once. */
    async create(input: { name: string; scope: TokenScope }, actor: Actor): Promise<{ token: ApiToken; secret: string }> {
      const secret = newSecret(API_TOKEN_PREFIX);
      return { token: await repos.apiTokens.create({ ...input, tokenHash: hashSecret(secret) }, actor, now()), secret };
    },

    revoke: (id: string, actor: Actor) => repos.apiTokens.delete(id, actor, now()),

    /** The token a presented secret belongs to, or null. */
    async authenticate(secret: string): Promise<ApiToken | null> {
      const hash = hashSecret(secret);
      const token = await repos.apiTokens.findByHash(hash);
      if (!token || !hashesMatch(hash, token.tokenHash)) return null;
      const at = now();
      if (at - (lastTouched.get(token.id) ?? token.lastUsedAt ?? 0) >= TOUCH_INTERVAL_MS) {
        lastTouched.set(token.id, at);
        await repos.apiTokens.touch(token.id, at);
      }
      return token;
    },
  };
}
