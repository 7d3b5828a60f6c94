import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ExportDocumentSchema } from '../../schemas/export-document.js';
import { principalOf } from '../plugins/auth.js';
import { problems } from '../schemas.js';

/** An export with a long history of overrides outgrows the 1 MiB every other body is held to. */
const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

const Counts = Type.Object({
  people: Type.Integer(),
  holidayCalendars: Type.Integer(),
  schedules: Type.Integer(),
  overrides: Type.Integer(),
  escalationChains: Type.Integer(),
  timeOff: Type.Integer(),
});

/** /api/v1/export and /api/v1/import — the configuration as one document (spec §11). */
const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/export',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['export'],
        summary: 'The whole configuration as one JSON document (no users, tokens, feeds or secrets)',
        response: { 200: ExportDocumentSchema, ...problems(401, 403) },
      },
    },
    async () => app.services.configuration.export(),
  );

  app.post(
    '/import',
    {
      config: { access: 'admin' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['export'],
        summary: 'Replace the whole configuration with an export document, all or nothing',
        description:
          'Replaces people, holiday calendars, schedules with their versions, overrides (swaps among them), escalation chains and time off. ' +
          'Users and API tokens stay; feeds whose schedule or person is not in the document are revoked. ' +
          'The document is checked whole first (400 lists every problem; 409 when a schedule requiring coverage would have a gap).',
        body: ExportDocumentSchema,
        response: { 200: Type.Object({ replaced: Counts, imported: Counts }), ...problems(400, 401, 403, 409, 413) },
      },
    },
    async (request) => {
      return app.services.configuration.import(request.body, principalOf(request).actor);
    },
  );
};

export default exportRoutes;
