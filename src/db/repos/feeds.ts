import { asc, eq } from 'drizzle-orm';
import { auditTrail, type Actor } from '../audit.js';
import type { Database } from '../database.js';
import { newId } from '../ids.js';

/** A subscription URL (spec §9): exactly one of scheduleId / personId is set. */
export interface Feed {
  id: string;
  scheduleId: string | null;
  personId: string | null;
  /** The creator's label (a user's email or a token's name), kept so it outlives the actor. */
  createdBy: string;
  createdAt: number;
  lastAccessAt: number | null;
}

export type FeedsRepository = ReturnType<typeof feedsRepository>;

export function feedsRepository(database: Database) {
  const { db, tables: { feeds } } = database;
  const audit = auditTrail(database);
  const publicColumns = {
    id: feeds.id,
    scheduleId: feeds.scheduleId,
    personId: feeds.personId,
    createdBy: feeds.createdBy,
    createdAt: feeds.createdAt,
    lastAccessAt: feeds.lastAccessAt,
  };
  return {
    async list(): Promise<Feed[]> {
      return db.select(publicColumns).from(feeds).orderBy(asc(feeds.createdAt), asc(feeds.id));
    },

    async get(id: string): Promise<Feed | null> {
      return (await db.select(publicColumns).from(feeds).where(eq(feeds.id, id)))[0] ?? null;
    },

    /** Stores only the hash of the URL's token; the caller hands the URL to the client once. */
    async create(input: { scheduleId: string | null; personId: string | null; tokenHash: string }, actor: Actor, at: number): Promise<Feed> {
      return database.transaction(async (tx) => {
        const feed: Feed = {
          id: newId('feed'),
          scheduleId: input.scheduleId,
          personId: input.personId,
          createdBy: actor.label,
          createdAt: at,
          lastAccessAt: null,
        };
        await tx.insert(feeds).values({ ...feed, tokenHash: input.tokenHash });
        await audit.record(tx, actor, 'create', 'feed', feed.id, { after: feed }, feed.createdAt);
        return feed;
      });
    },

    async findByHash(tokenHash: string): Promise<(Feed & { tokenHash: string }) | null> {
      return (await db.select().from(feeds).where(eq(feeds.tokenHash, tokenHash)))[0] ?? null;
    },

    /** Not audited: reading a feed is not a change. */
    async touch(id: string, at: number): Promise<void> {
      await database.transaction((tx) => tx.update(feeds).set({ lastAccessAt: at }).where(eq(feeds.id, id)));
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return audit.deleteAudited(actor, 'feed', id, at, {
        find: async (tx) => (await tx.select(publicColumns).from(feeds).where(eq(feeds.id, id)))[0],
        remove: (tx) => tx.delete(feeds).where(eq(feeds.id, id)),
      });
    },
  };
}
