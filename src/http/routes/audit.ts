import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuditEntry } from '../../services/audit.js';
import { Instant, ListOf, problems, toIso } from '../schemas.js';

/** An instant in a query: `format: date-time` demands seconds and Z or an offset (spec §1). */
const QueryInstant = Type.String({ format: 'date-time', maxLength: 64, description: 'ISO-8601 instant with Z or an offset', examples: ['2027-03-01T00:00:00Z'] });

const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Instant,
  actor: Type.Object({
    type: Type.Union([Type.Literal('user'), Type.Literal('token'), Type.Literal('system')]),
    id: Type.String(),
    label: Type.String({ description: 'email of the user or name of the token, kept as it was at the time' }),
  }),
  action: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete')]),
  resource: Type.String({ examples: ['person', 'schedule', 'override', 'configuration'] }),
  resourceId: Type.String(),
  summary: Type.Unknown({ description: '{before, after} of the change, without secrets' }),
});

function entryView(e: AuditEntry) {
  return { ...e, at: toIso(e.at) };
}

/** GET /api/v1/audit — who changed what, when (spec §11). Admins only: it names every actor. */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Audit trail, newest first',
        querystring: Type.Object({
          from: Type.Optional(QueryInstant),
          to: Type.Optional(QueryInstant),
          resource: Type.Optional(Type.String({ minLength: 1, maxLength: 64, examples: ['schedule'] })),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
        response: { 200: ListOf(AuditEntrySchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { from, to, resource, limit } = request.query;
      const entries = await app.services.audit.list({
        from: from === undefined ? undefined : Date.parse(from),
        to: to === undefined ? undefined : Date.parse(to),
        resource,
        limit,
      });
      return { items: entries.map(entryView) };
    },
  );
};

export default auditRoutes;
