import { asc, eq } from 'drizzle-orm';
import { recordAudit, type Actor } from '../audit.js';
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
  return {
    async list(): Promise<ApiToken[]> {
      return db.select(publicColumns).from(apiTokens).orderBy(asc(apiTokens.createdAt)).all();
    },

    /** Stores only the hash; the caller hands the secret to the client once. */
    async create(input: { name: string; scope: TokenScope; tokenHash: string }, actor: Actor): Promise<ApiToken> {
      return db.transaction(
        (tx) => {
          const token: ApiToken = {
            id: newId('tok'),
            name: input.name,
            scope: input.scope,
            createdBy: actor.label,
            createdAt: Date.now(),
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
      return db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).get() ?? null;
    },

    async touch(id: string, at: number): Promise<void> {
      db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
    },

    async delete(id: string, actor: Actor): Promise<boolean> {
      return db.transaction(
        (tx) => {
          const before = tx.select(publicColumns).from(apiTokens).where(eq(apiTokens.id, id)).get();
          if (!before) return false;
          tx.delete(apiTokens).where(eq(apiTokens.id, id)).run();
          recordAudit(tx, actor, 'delete', 'api-token', id, { before });
          return true;
        },
        { behavior: 'immediate' },
      );
    },
  };
}
