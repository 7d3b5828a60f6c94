import { asc, eq, sql } from 'drizzle-orm';
import { deleteAudited, recordAudit, type Actor } from '../audit.js';
import type { Db } from '../client.js';
import { newId } from '../ids.js';
import { auditLog, feeds } from '../schema.js';

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

const publicColumns = {
  id: feeds.id,
  scheduleId: feeds.scheduleId,
  personId: feeds.personId,
  createdBy: feeds.createdBy,
  createdAt: feeds.createdAt,
  lastAccessAt: feeds.lastAccessAt,
};

export type FeedsRepository = ReturnType<typeof feedsRepository>;

export function feedsRepository(db: Db) {
  return {
    async list(): Promise<Feed[]> {
      return db.select(publicColumns).from(feeds).orderBy(asc(feeds.createdAt), asc(feeds.id)).all();
    },

    async get(id: string): Promise<Feed | null> {
      return db.select(publicColumns).from(feeds).where(eq(feeds.id, id)).get() ?? null;
    },

    /** Stores only the hash of the URL's token; the caller hands the URL to the client once. */
    async create(input: { scheduleId: string | null; personId: string | null; tokenHash: string }, actor: Actor, at: number): Promise<Feed> {
      return db.transaction(
        (tx) => {
          const feed: Feed = {
            id: newId('feed'),
            scheduleId: input.scheduleId,
            personId: input.personId,
            createdBy: actor.label,
            createdAt: at,
            lastAccessAt: null,
          };
          tx.insert(feeds).values({ ...feed, tokenHash: input.tokenHash }).run();
          recordAudit(tx, actor, 'create', 'feed', feed.id, { after: feed }, feed.createdAt);
          return feed;
        },
        { behavior: 'immediate' },
      );
    },

    async findByHash(tokenHash: string): Promise<(Feed & { tokenHash: string }) | null> {
      return db.select().from(feeds).where(eq(feeds.tokenHash, tokenHash)).get() ?? null;
    },

    /** Not audited: reading a feed is not a change. */
    async touch(id: string, at: number): Promise<void> {
      db.update(feeds).set({ lastAccessAt: at }).where(eq(feeds.id, id)).run();
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return deleteAudited(db, actor, 'feed', id, at, {
        find: (tx) => tx.select(publicColumns).from(feeds).where(eq(feeds.id, id)).get(),
        remove: (tx) => tx.delete(feeds).where(eq(feeds.id, id)).run(),
      });
    },

  };
}
