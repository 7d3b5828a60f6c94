import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notModified } from '../conditional.js';

/**
 * The public status page (spec §15): no credentials, rendered once per change (services/status-page.ts)
 * however many readers an outage brings. Caches may keep it a little: a minute is short enough for
 * the next update and long enough to shield Rota when the page is shared widely.
 */
const CACHE_CONTROL = 'public, max-age=30, must-revalidate';

const statusRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pages = [
    { url: '/status', part: 'html', type: 'text/html; charset=utf-8', summary: 'The status page (HTML, complete without JavaScript)' },
    { url: '/status.json', part: 'json', type: 'application/json; charset=utf-8', summary: 'The status page as JSON' },
    { url: '/status/feed.atom', part: 'atom', type: 'application/atom+xml; charset=utf-8', summary: 'Every incident update (Atom 1.0)' },
    // Where the page's relative link leads (the exported folder has feed.atom beside index.html).
    { url: '/feed.atom', part: 'atom', type: 'application/atom+xml; charset=utf-8', summary: 'Every incident update (Atom 1.0), as the page links it' },
  ] as const;

  for (const page of pages) {
    app.get(
      page.url,
      {
        config: { access: 'public' },
        schema: {
          tags: ['bulletin'],
          summary: page.summary,
          description: 'Public. ETag / Last-Modified, 304 on If-None-Match or If-Modified-Since, `Cache-Control: public`.',
          security: [],
          response: {
            200: { description: page.summary, content: { [page.type.split(';')[0]!]: { schema: { type: 'string' } } } },
            304: { description: 'Not modified', type: 'null' },
          },
        },
      },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const rendered = await app.services.statusPage.current();
        const etag = rendered.etags[page.part];
        reply.header('ETag', etag).header('Cache-Control', CACHE_CONTROL).header('Last-Modified', new Date(rendered.renderedAt).toUTCString());
        if (notModified(request, etag, rendered.renderedAt)) return reply.code(304).send();
        return reply.type(page.type).send(rendered.bytes[page.part]);
      },
    );
  }
};

export default statusRoutes;
