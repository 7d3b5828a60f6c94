/**
 * iCal feeds (spec §9). Two plugins:
 *
 * - `feedRoutes` — /api/v1/feeds: create, list, revoke (who may do what: src/services/feeds.ts).
 * - `feedDownloadRoutes` — GET /feeds/{token}.ics, outside /api/v1: the URL is the credential.
 */
import { notModified } from '../conditional.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.js';
import type { Feed, RenderedFeed } from '../../services/feeds.js';
import { callerOf } from '../plugins/auth.js';
import { Instant, ListOf, problems, SLUG_PATTERN, toIso } from '../schemas.js';

const FeedSchema = Type.Object({
  id: Type.String({ examples: ['feed-3f9a1c2b7d4e'] }),
  schedule: Type.Union([Type.String(), Type.Null()], { description: 'Schedule id of a schedule feed', examples: ['comms'] }),
  person: Type.Union([Type.String(), Type.Null()], { description: 'Person id of a person feed', examples: [null] }),
  createdAt: Instant,
  createdBy: Type.String({ description: 'Email of the user (or name of the API token) that created it', examples: ['admin@example.com'] }),
  lastAccessAt: Type.Union([Instant, Type.Null()], { description: 'Last time a calendar client fetched it (to the minute)' }),
});

const CreatedFeedSchema = Type.Object({
  id: Type.String({ examples: ['feed-3f9a1c2b7d4e'] }),
  url: Type.String({
    description: 'The secret feed URL; shown only in this response',
    examples: ['https://rota.example.com/feeds/feed_q3Jx0n1uQ7m9yWkq2hVfZb8cR4sT6dLp1oA5eG7iK3M.ics'],
  }),
  webcalUrl: Type.String({
    description: 'The same URL with the webcal: scheme (opens a subscription in most calendar apps)',
    examples: ['webcal://rota.example.com/feeds/feed_q3Jx0n1uQ7m9yWkq2hVfZb8cR4sT6dLp1oA5eG7iK3M.ics'],
  }),
  schedule: FeedSchema.properties.schedule,
  person: FeedSchema.properties.person,
  createdAt: Instant,
});

function feedView(f: Feed) {
  return {
    id: f.id,
    schedule: f.scheduleId,
    person: f.personId,
    createdAt: toIso(f.createdAt),
    createdBy: f.createdBy,
    lastAccessAt: toIso(f.lastAccessAt),
  };
}

/**
 * A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. Labels may hold
 * `_` (container service names do), never a character that ends the authority of a URL.
 */
const HOST_PORT = /^(?:(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/**
 * Where feed URLs point: ROTA_PUBLIC_URL, else the origin the request came to. The Host header
 * is the client's to choose, so it must at least be a well-formed host[:port] — never a string
 * that would turn the URL into something else (`evil.example/x?`, `a@b`, spaces, CRLF).
 */
function feedOrigin(publicUrl: string | undefined, request: FastifyRequest): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const host = request.host;
  const match = host.length <= 260 ? HOST_PORT.exec(host) : null;
  if (!match || Number(match[1] ?? 0) > 65535) {
    throw new ValidationError([{ path: '/headers/host', message: 'is not a valid host[:port] to build the feed URL from; the server should set ROTA_PUBLIC_URL' }]);
  }
  return `${request.protocol}://${host}`;
}

function feedUrls(origin: string, token: string) {
  const url = `${origin}/feeds/${token}.ics`;
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
}

/** /api/v1/feeds — manage subscription URLs. */
export const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const feeds = app.services.feeds;

  app.post(
    '/feeds',
    {
      config: { access: 'read' },
      schema: {
        tags: ['feeds'],
        summary: 'Create an iCal feed URL for a schedule or a person',
        description:
          'Give exactly one of `schedule` or `person`. Admins may create any feed; a viewer only one for the person whose ' +
          'email equals their own. The URL carries a secret token and is shown only in this response (`Cache-Control: ' +
          'no-store`). Its origin is ROTA_PUBLIC_URL, or when unset the request\'s own (a malformed Host header is a 400).',
        body: Type.Object(
          {
            schedule: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 63, description: 'A schedule id: the feed shows its shifts', examples: ['comms'] })),
            person: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 63, description: 'A person id: the feed shows their shifts in every schedule', examples: ['alice'] })),
          },
          { examples: [{ schedule: 'comms' }, { person: 'alice' }] },
        ),
        response: { 201: CreatedFeedSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      // Before anything is stored: a Host we cannot build a URL from is a 400 that creates nothing.
      const origin = feedOrigin(app.config.publicUrl, request);
      const { feed, token } = await feeds.create(callerOf(request), request.body);
      const { url, webcalUrl } = feedUrls(origin, token);
      // The URL is the credential: no cache may keep this response.
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ id: feed.id, url, webcalUrl, schedule: feed.scheduleId, person: feed.personId, createdAt: toIso(feed.createdAt) });
    },
  );

  app.get(
    '/feeds',
    {
      schema: {
        tags: ['feeds'],
        summary: 'List feeds (never their URLs)',
        description: 'Admins see every feed; a viewer sees their own.',
        response: { 200: ListOf(FeedSchema), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: (await feeds.list(callerOf(request))).map(feedView) }),
  );

  app.delete(
    '/feeds/:id',
    {
      config: { access: 'read' },
      schema: {
        tags: ['feeds'],
        summary: 'Revoke a feed (its URL answers 404 from then on)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await feeds.revoke(callerOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};

/** GET /feeds/{token}.ics — the calendar itself; needs no credentials but the URL. */
export const feedDownloadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  function sendFeed(request: FastifyRequest, reply: FastifyReply, feed: RenderedFeed) {
    reply
      .header('ETag', feed.etag)
      .header('Last-Modified', new Date(feed.lastModified).toUTCString())
      .header('Cache-Control', 'private, max-age=300');
    if (notModified(request, feed.etag, feed.lastModified)) return reply.code(304).send();
    return reply.type('text/calendar; charset=utf-8').send(feed.body);
  }

  app.get(
    '/feeds/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['feeds'],
        summary: 'An iCal feed (text/calendar); the secret URL is the only credential',
        description:
          'RFC 5545 calendar of the final shifts from 30 days back to 365 days ahead, one VEVENT per shift with a person. ' +
          'Sends ETag, Last-Modified and `Cache-Control: private, max-age=300`, and answers 304 to If-None-Match / ' +
          'If-Modified-Since; 404 for an unknown or revoked URL. Events are TRANSP:TRANSPARENT with stable UIDs; a feed with no ' +
          'change in between is byte-identical (same ETag), however much later it is fetched.',
        security: [],
        params: Type.Object({ token: Type.String({ maxLength: 128, description: 'The secret token with ".ics"', examples: ['feed_q3Jx0n1uQ7m9yWkq2hVfZb8cR4sT6dLp1oA5eG7iK3M.ics'] }) }),
        response: {
          200: {
            description: 'The calendar',
            content: { 'text/calendar': { schema: { type: 'string', example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n' } } },
          },
          304: { description: 'Not modified', type: 'null' },
          ...problems(404),
        },
      },
    },
    async (request, reply) => {
      // Set before anything can fail: the URL is a secret and must not leak through Referer.
      reply.header('Referrer-Policy', 'no-referrer');
      return sendFeed(request, reply, await app.services.feeds.download(request.params.token.replace(/\.ics$/, '')));
    },
  );
};
