/**
 * Rendered feeds, cached per feed. Calendar clients poll every few minutes, so a poll should
 * cost a token lookup and a comparison, not a timeline computation:
 *
 * - a feed's source (its events over a wide window, see FeedSource) is reused while the
 *   revisions of what it reads — its schedule, or the schedules naming its person, and the
 *   people directory — are unchanged and the source is still valid; an unrelated write or a
 *   new minute costs nothing;
 * - the window slides with the clock by cutting the source (feedWindow); the feed is rendered
 *   again only when the cut holds other events, and rendering runs in the compute pool.
 *
 * The body is a pure function of the document (no render time in it: see feed-content.ts), and the
 * ETag a hash of the document, so equal ETags mean byte-identical bodies — also across restarts,
 * which makes If-None-Match the validator that matters. Last-Modified is when this process first
 * rendered that content.
 */
import { createHash } from 'node:crypto';
import type { Feed } from '../db/repos/feeds.js';
import type { FeedDocument } from '../feeds/render.js';
import { feedSource, feedWindow, type FeedReads, type FeedSource } from './feed-content.js';

export interface RenderedFeed {
  /** UTF-8 bytes, encoded once per render rather than once per request. */
  body: Buffer;
  /** Strong validator, quoted: `"…"`. */
  etag: string;
  /** Epoch ms, whole seconds (HTTP dates have no finer precision). */
  lastModified: number;
}

interface Entry {
  revisions: string;
  source: FeedSource;
  /** feedWindow's key of the cut that was rendered. */
  window: string;
  rendered: RenderedFeed;
}

/** Bounds memory; revoked feeds simply age out. */
const MAX_ENTRIES = 500;

/** `render` writes a feed document's text (in the compute pool). */
export function feedCache(services: FeedReads, render: (doc: FeedDocument) => Promise<Buffer>) {
  const entries = new Map<string, Entry>();

  function remember(id: string, entry: Entry): void {
    entries.delete(id); // re-insert: Map order is least recently refreshed first
    entries.set(id, entry);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  }

  return {
    async render(feed: Feed, now: number): Promise<RenderedFeed> {
      const revisions = `${await services.schedules.revisionKey(feed)}|${services.people.revision()}`;
      const cached = entries.get(feed.id);
      const fresh = cached && cached.revisions === revisions && cached.source.computedAt <= now && now < cached.source.validUntil;
      const source = fresh ? cached.source : await feedSource(services, feed, now);
      const { doc, key } = feedWindow(source, now);
      if (fresh && cached.window === key) return cached.rendered;

      const etag = `"${createHash('sha256').update(JSON.stringify(doc)).digest('base64url')}"`;
      const rendered =
        cached?.rendered.etag === etag
          ? cached.rendered
          : { body: await render(doc), etag, lastModified: Math.floor(now / 1000) * 1000 };
      remember(feed.id, { revisions, source, window: key, rendered });
      return rendered;
    },
  };
}
