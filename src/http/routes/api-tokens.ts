import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiToken } from '../../services/api-tokens.js';
import { NotFoundError } from '../../errors.js';
import { principalOf } from '../plugins/auth.js';
import { Instant, ListOf, problems, toIso } from '../schemas.js';

const Scope = Type.Union([Type.Literal('read'), Type.Literal('admin')], {
  description: '"read" may only read; "admin" may also write',
});

const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: Scope,
  createdBy: Type.String(),
  createdAt: Instant,
  lastUsedAt: Type.Union([Instant, Type.Null()]),
});

function tokenView(t: ApiToken) {
  return { ...t, createdAt: toIso(t.createdAt), lastUsedAt: toIso(t.lastUsedAt) };
}

/** /api/v1/api-tokens — credentials for alerting tools and scripts; the secret is shown once. */
const apiTokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api-tokens',
    {
      config: { access: 'admin' },
      schema: { tags: ['api-tokens'], summary: 'List API tokens (never their secrets)', response: { 200: ListOf(TokenSchema), ...problems(401, 403) } },
    },
    async () => ({ items: (await app.services.apiTokens.list()).map(tokenView) }),
  );

  app.post(
    '/api-tokens',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Create an API token; the response is the only time its secret is shown',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200, examples: ['alertmanager'] }), scope: Scope }),
        response: {
          201: Type.Object({ ...TokenSchema.properties, token: Type.String({ description: 'The secret; store it now' }) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { token, secret } = await app.services.apiTokens.create({ name: request.body.name, scope: request.body.scope }, principalOf(request).actor);
      // The secret is shown this once: no cache may keep it.
      return reply.code(201).header('cache-control', 'no-store').send({ ...tokenView(token), token: secret });
    },
  );

  app.delete(
    '/api-tokens/:id',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Revoke an API token (it answers 401 from then on)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      if (!(await app.services.apiTokens.revoke(request.params.id, principalOf(request).actor))) {
        throw new NotFoundError('API token', request.params.id);
      }
      return reply.code(204).send(null);
    },
  );
};

export default apiTokenRoutes;
