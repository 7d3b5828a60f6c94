import { asc, eq, sql } from 'drizzle-orm';
import { auditTrail, type Actor } from '../audit.js';
import type { Database } from '../database.js';
import { newId } from '../ids.js';

export type TokenScope = 'read' | 'admin';

export interface ApiToken {
  id: string;
  name: string;
  scope: TokenScope;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export type ApiTokensRepository = ReturnType<typeof apiTokensRepository>;

export function apiTokensRepository(database: Database) {
  const { db, tables } = database;
  const { apiTokens } = tables;
  const audit = auditTrail(database);
  const publicColumns = {
    id: apiTokens.id,
    name: apiTokens.name,
    scope: apiTokens.scope,
    createdBy: apiTokens.createdBy,
    createdAt: apiTokens.createdAt,
    lastUsedAt: apiTokens.lastUsedAt,
  };
  // Every request with an API token runs this lookup: prepared once, and its answers kept for a
  // short while, since alerting tools poll with the same token many times a second. A revocation
  // is announced (../changes.ts) and drops the entry on every instance as it commits or notifies;
  // the TTL only bounds how long an entry outlives a notification this instance missed.
  const byHash = db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sql.placeholder('hash'))).prepare('api_token_by_hash');
  const recent = new Map<string, { token: ApiToken & { tokenHash: string }; until: number }>();
  const RECENT_TTL_MS = 30_000;
  const RECENT_MAX = 10_000;
  // Bumped by every token change, so a lookup that raced a revocation does not keep the token.
  let generation = 0;
  database.changes.subscribe((change) => {
    if (change.kind !== 'api-token' && change.kind !== 'everything') return;
    generation++;
    for (const [hash, entry] of recent) if (change.kind === 'everything' || entry.token.id === change.id) recent.delete(hash);
  });

  return {
    async list(): Promise<ApiToken[]> {
      return db.select(publicColumns).from(apiTokens).orderBy(asc(apiTokens.createdAt));
    },

    /** Stores only the hash; the caller hands the secret to the client once. */
    async create(input: { name: string; scope: TokenScope; tokenHash: string }, actor: Actor, at: number): Promise<ApiToken> {
      return database.transaction(async (tx) => {
        const token: ApiToken = {
          id: newId('tok'),
          name: input.name,
          scope: input.scope,
          createdBy: actor.label,
          createdAt: at,
          lastUsedAt: null,
        };
        await tx.insert(apiTokens).values({ ...token, tokenHash: input.tokenHash });
        await audit.record(tx, actor, 'create', 'api-token', token.id, { after: token }, token.createdAt);
        return token;
      });
    },

    async findByHash(tokenHash: string): Promise<(ApiToken & { tokenHash: string }) | null> {
      // Real time, not the services' clock: the TTL bounds how long a revocation made by another
      // process can go unseen, which is elapsed time, not a decision about the rota.
      const now = Date.now();
      const hit = recent.get(tokenHash);
      if (hit && hit.until > now) return hit.token;
      const started = generation;
      const [token] = await byHash.execute({ hash: tokenHash });
      if (token && started === generation) {
        if (recent.size >= RECENT_MAX) recent.clear();
        recent.set(tokenHash, { token, until: now + RECENT_TTL_MS });
      }
      return token ?? null;
    },

    async touch(id: string, at: number): Promise<void> {
      await database.transaction((tx) => tx.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)));
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return audit.deleteAudited(actor, 'api-token', id, at, {
        find: async (tx) => (await tx.select(publicColumns).from(apiTokens).where(eq(apiTokens.id, id)))[0],
        remove: async (tx) => {
          await tx.delete(apiTokens).where(eq(apiTokens.id, id));
          database.announce(tx, { kind: 'api-token', id });
        },
      });
    },
  };
}
