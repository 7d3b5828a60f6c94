import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { UnauthorizedError } from '../../errors.js';
import { hashesMatch, hashSecret } from '../../security/secrets.js';
import { bearerCredential } from '../plugins/auth.js';
import { problems } from '../schemas.js';

/**
 * Times every answered request for rota_http_request_duration_seconds. Added on the root before
 * any route is registered, so it covers them all. The label is the route's pattern, never the
 * URL: feed URLs carry their secret, and raw URLs would make a series per id.
 */
export function timeRequests(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    app.services.metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

/**
 * GET /metrics — Prometheus text (spec §12), outside /api/v1 and its credentials: open, or with
 * ROTA_METRICS_TOKEN set, for `Authorization: Bearer <that token>` only.
 */
const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { metricsToken } = app.config;
  // Compared as SHA-256 digests in constant time: neither the length nor a prefix of the token leaks.
  const expected = metricsToken === undefined ? null : hashSecret(metricsToken);

  app.get(
    '/metrics',
    {
      config: { access: 'public' },
      schema: {
        tags: ['metrics'],
        summary: 'Prometheus metrics (text format)',
        description:
          'rota_oncall{schedule,person,source} (1 for the current holder), rota_schedule_next_gap_seconds{schedule} (absent when ' +
          'no gap within 14 days), rota_notification_deliveries{status}, rota_http_request_duration_seconds{method,route,status_code}, ' +
          'rota_build_info{version} and the process_… / nodejs_… figures. Open unless ROTA_METRICS_TOKEN is set; then it needs ' +
          '`Authorization: Bearer <ROTA_METRICS_TOKEN>` (401 otherwise).',
        // No credentials, or the metrics token when the server sets one.
        security: [{}, { bearer: [] }],
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4',
            content: { 'text/plain': { schema: { type: 'string', example: '# HELP rota_oncall …\n# TYPE rota_oncall gauge\nrota_oncall{schedule="comms",person="alice",source="layer"} 1\n' } } },
          },
          ...problems(401, 503),
        },
      },
    },
    async (request, reply) => {
      if (expected !== null) {
        const presented = bearerCredential(request);
        if (presented === null || !hashesMatch(hashSecret(presented), expected)) {
          throw new UnauthorizedError('send the metrics token (ROTA_METRICS_TOKEN) as "Authorization: Bearer <token>"');
        }
      }
      const { contentType, text } = await app.services.metrics.scrape();
      return reply.type(contentType).send(text);
    },
  );
};

export default metricsRoutes;
