/**
 * Rendered feeds, cached per feed. Calendar clients poll every few minutes, so a poll should
 * cost a token lookup and one index read, not a timeline computation:
 *
 * - an entry is reused while the data revision (see FeedsRepository.dataRevision) and the
 *   minute are unchanged — the window slides with the clock, so content may change each minute;
 * - otherwise the feed document is rebuilt, and rendered again only when its content changed.
 *
 * The ETag is a hash of the document (every event field — not DTSTAMP), so it is equal exactly
 * when the events are; Last-Modified is when this process first rendered that content.
 */
import { createHash } from 'node:crypto';
import type { Repositories } from '../db/index.js';
import type { Feed } from '../db/repos/feeds.js';
import type { Services } from '../services/index.js';
import { feedDocument } from './content.js';
import { renderFeed } from './render.js';

export interface RenderedFeed {
  /** UTF-8 bytes, encoded once per render rather than once per request. */
  body: Buffer;
  /** Strong validator, quoted: `"…"`. */
  etag: string;
  /** Epoch ms, whole seconds (HTTP dates have no finer precision). */
  lastModified: number;
}

interface Entry {
  revision: number;
  minute: number;
  rendered: RenderedFeed;
}

/** Bounds memory; revoked feeds simply age out. */
const MAX_ENTRIES = 500;
const MINUTE = 60_000;

export function feedCache(repos: Repositories, services: Services) {
  const entries = new Map<string, Entry>();

  function remember(id: string, entry: Entry): void {
    entries.delete(id); // re-insert: Map order is least recently refreshed first
    entries.set(id, entry);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  }

  return {
    async render(feed: Feed, now: number): Promise<RenderedFeed> {
      const revision = await repos.feeds.dataRevision();
      const minute = Math.floor(now / MINUTE);
      const cached = entries.get(feed.id);
      if (cached && cached.revision === revision && cached.minute === minute) return cached.rendered;

      const doc = await feedDocument(services, feed, now);
      const etag = `"${createHash('sha256').update(JSON.stringify(doc)).digest('base64url')}"`;
      const rendered =
        cached?.rendered.etag === etag
          ? cached.rendered
          : { body: Buffer.from(renderFeed(doc, now)), etag, lastModified: Math.floor(now / 1000) * 1000 };
      remember(feed.id, { revision, minute, rendered });
      return rendered;
    },
  };
}
