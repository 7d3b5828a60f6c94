/**
 * Who may manage which iCal feed (spec §9 leaves it open; README "Calendar feeds"):
 *
 * - admins and admin API tokens manage every feed;
 * - a viewer may create a feed only for the person linked to them — the person whose email
 *   equals the user's, case-insensitively — and may list and revoke only their own feeds (ones
 *   they created, or ones for their linked person);
 * - read-only API tokens belong to no one and may not manage feeds.
 *
 * The URL's token is 256 random bits, stored only as SHA-256 and handed out once. Downloading a
 * feed needs nothing but that token (see `download`).
 */
import type { Repositories } from '../db/index.js';
import type { Caller } from './caller.js';
import type { Feed } from '../db/repos/feeds.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { hashesMatch, hashSecret, newSecret } from '../security/secrets.js';
import type { ComputePool } from '../compute/pool.js';
import { feedCache, type RenderedFeed } from './feed-cache.js';
import type { FeedReads } from './feed-content.js';

export type { Feed, RenderedFeed };

const FEED_TOKEN_PREFIX = 'feed';

/** lastAccessAt is written at most this often per feed, so polling clients don't turn reads into writes. */
const TOUCH_INTERVAL_MS = 60_000;


export type FeedsService = ReturnType<typeof feedsService>;

export function feedsService(repos: Repositories, reads: FeedReads, pool: ComputePool, now: () => number) {
  const { people } = reads;
  const cache = feedCache(reads, (doc) => pool.renderFeed({ doc }));
  const lastTouched = new Map<string, number>();

  async function touch(feed: Feed, at: number): Promise<void> {
    if (at - (lastTouched.get(feed.id) ?? feed.lastAccessAt ?? 0) < TOUCH_INTERVAL_MS) return;
    lastTouched.set(feed.id, at);
    await repos.feeds.touch(feed.id, at);
  }

  async function owns(caller: Caller, feed: Feed): Promise<boolean> {
    if (caller.canWrite) return true;
    if (caller.userEmail === null) return false;
    if (feed.createdBy.toLowerCase() === caller.userEmail.toLowerCase()) return true;
    return feed.personId !== null && feed.personId === (await people.linkedTo(caller.userEmail));
  }

  function requireUserOrAdmin(caller: Caller): void {
    if (!caller.canWrite && caller.userEmail === null) {
      throw new ForbiddenError('read-only API tokens cannot manage feeds; sign in or use an admin token');
    }
  }

  return {
    /** A new feed of exactly one of a schedule or a person, with its secret token (shown once). */
    async create(caller: Caller, subject: { schedule?: string; person?: string }): Promise<{ feed: Feed; token: string }> {
      requireUserOrAdmin(caller);
      const { schedule, person } = subject;
      if ((schedule === undefined) === (person === undefined)) {
        throw new ValidationError([{ path: schedule === undefined ? '/' : '/person', message: 'give exactly one of "schedule" or "person"' }]);
      }
      if (schedule !== undefined && !(await repos.schedules.exists(schedule))) {
        throw new ValidationError([{ path: '/schedule', message: `unknown schedule "${schedule}"` }]);
      }
      if (person !== undefined && !(await people.directory()).has(person)) {
        throw new ValidationError([{ path: '/person', message: `unknown person "${person}"` }]);
      }
      if (!caller.canWrite) {
        const linked = await people.linkedTo(caller.userEmail!);
        if (person === undefined || person !== linked) {
          throw new ForbiddenError(
            linked === null
              ? 'viewers may create a feed only for the person whose email equals theirs, and there is none'
              : `viewers may create a feed only for their own person ("${linked}")`,
          );
        }
      }
      const token = newSecret(FEED_TOKEN_PREFIX);
      const feed = await repos.feeds.create({ scheduleId: schedule ?? null, personId: person ?? null, tokenHash: hashSecret(token) }, caller.actor, now());
      return { feed, token };
    },

    /** The feeds `caller` may see. */
    async list(caller: Caller): Promise<Feed[]> {
      requireUserOrAdmin(caller);
      const visible: Feed[] = [];
      for (const feed of await repos.feeds.list()) if (await owns(caller, feed)) visible.push(feed);
      return visible;
    },

    /**
     * The calendar behind a feed URL's secret `token` as of now (404 for an unknown or revoked
     * one), from the cache where nothing it shows has changed. Notes the access (lastAccessAt).
     */
    async download(token: string): Promise<RenderedFeed> {
      const hash = hashSecret(token);
      const feed = await repos.feeds.findByHash(hash);
      if (!feed || !hashesMatch(hash, feed.tokenHash)) throw new AppError(404, 'Not found', 'no such feed: the URL is wrong or was revoked');
      const at = now();
      await touch(feed, at);
      return cache.render(feed, at);
    },

    async revoke(caller: Caller, id: string): Promise<void> {
      requireUserOrAdmin(caller);
      const feed = await repos.feeds.get(id);
      if (!feed) throw new NotFoundError('feed', id);
      if (!(await owns(caller, feed))) throw new ForbiddenError('viewers may revoke only their own feeds');
      await repos.feeds.delete(feed.id, caller.actor, now());
    },
  };
}
