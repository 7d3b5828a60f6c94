import { asc, eq, sql } from 'drizzle-orm';
import { deleteAudited, recordAudit, type Actor } from '../audit.js';
import type { Db } from '../client.js';
import { newId } from '../ids.js';
import { apiTokens } from '../schema.js';

export type TokenScope = 'read' | 'admin';

export interface ApiToken {
  id: string;
  name: string;
  scope: TokenScope;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
}

const publicColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  scope: apiTokens.scope,
  createdBy: apiTokens.createdBy,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
};

export type ApiTokensRepository = ReturnType<typeof apiTokensRepository>;

export function apiTokensRepository(db: Db) {
  // Every request with an API token runs this lookup: prepared once, and its answers kept for a
  // short while, since alerting tools poll with the same token many times a second. A revocation
  // in this process drops the entry at once; the TTL bounds what another process could miss.
  const byHash = db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sql.placeholder('hash'))).prepare();
  const recent = new Map<string, { token: ApiToken & { tokenHash: string }; until: number }>();
  const RECENT_TTL_MS = 30_000;
  const RECENT_MAX = 10_000;

  return {
    async list(): Promise<ApiToken[]> {
      return db.select(publicColumns).from(apiTokens).orderBy(asc(apiTokens.createdAt)).all();
    },

    /** Stores only the hash; the caller hands the secret to the client once. */
    async create(input: { name: string; scope: TokenScope; tokenHash: string }, actor: Actor, at: number): Promise<ApiToken> {
      return db.transaction(
        (tx) => {
          const token: ApiToken = {
            id: newId('tok'),
            name: input.name,
            scope: input.scope,
            createdBy: actor.label,
            createdAt: at,
            lastUsedAt: null,
          };
          tx.insert(apiTokens).values({ ...token, tokenHash: input.tokenHash }).run();
          recordAudit(tx, actor, 'create', 'api-token', token.id, { after: token }, token.createdAt);
          return token;
        },
        { behavior: 'immediate' },
      );
    },

    async findByHash(tokenHash: string): Promise<(ApiToken & { tokenHash: string }) | null> {
      // Real time, not the services' clock: the TTL bounds how long a revocation made by another
      // process can go unseen, which is elapsed time, not a decision about the rota.
      const now = Date.now();
      const hit = recent.get(tokenHash);
      if (hit && hit.until > now) return hit.token;
      const token = byHash.get({ hash: tokenHash }) ?? null;
      if (token) {
        if (recent.size >= RECENT_MAX) recent.clear();
        recent.set(tokenHash, { token, until: now + RECENT_TTL_MS });
      }
      return token;
    },

    async touch(id: string, at: number): Promise<void> {
      db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return deleteAudited(db, actor, 'api-token', id, at, {
        find: (tx) => tx.select(publicColumns).from(apiTokens).where(eq(apiTokens.id, id)).get(),
        remove: (tx) => {
          tx.delete(apiTokens).where(eq(apiTokens.id, id)).run();
          for (const [hash, entry] of recent) if (entry.token.id === id) recent.delete(hash);
        },
      });
    },
  };
}
