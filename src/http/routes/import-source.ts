import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ScheduleDocument } from '../../schemas/schedule-document.js';
import { principalOf } from '../plugins/auth.js';
import { Instant, problems } from '../schemas.js';

/** A tool's users, schedules, overrides and final timeline in one document outgrow 1 MiB as exports do. */
const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

const OptionalText = Type.Union([Type.String(), Type.Null()]);

const ImportReportSchema = Type.Object({
  people: Type.Array(
    Type.Object({
      id: Type.String({ examples: ['alice'] }),
      name: Type.String({ examples: ['Alice Adams'] }),
      email: OptionalText,
      phone: OptionalText,
      timeZone: OptionalText,
      matched: Type.Boolean({ description: 'A stored person with the same email (case-insensitive): kept as stored, under its stored id' }),
    }),
    { description: 'The people the imported schedules and overrides name' },
  ),
  schedules: Type.Array(ScheduleDocument, { description: 'The schedule documents made (ids free of stored ones)' }),
  overrides: Type.Array(
    Type.Object({ schedule: Type.String(), person: Type.String(), start: Instant, end: Instant, note: OptionalText }),
  ),
  warnings: Type.Array(
    Type.Object({
      path: Type.String({ description: 'JSON pointer into the source document', examples: ['/schedules/0/schedule_layers/1/restrictions/0'] }),
      message: Type.String(),
    }),
    { description: 'What did not map, and why' },
  ),
  verification: Type.Array(
    Type.Object({
      schedule: Type.String(),
      from: Instant,
      to: Instant,
      agreement: Type.Number({ minimum: 0, maximum: 1, description: "Share of [from, to) in which Rota's timeline names the person the source's does" }),
      differences: Type.Array(
        Type.Object({ start: Instant, end: Instant, expected: OptionalText, got: OptionalText }),
        { description: 'The first 20 stretches where they differ (null = nobody)' },
      ),
    }),
    { description: "Per schedule whose source timeline the document carries: Rota's timeline compared with it" },
  ),
  applied: Type.Boolean({ description: 'Whether it was stored (false for a dry run)' }),
});

/** /api/v1/import/{source}: moving in from another on-call tool (spec §16). */
const importSourceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/import/:source',
    {
      config: { access: 'admin' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['export'],
        summary: 'Import schedules from PagerDuty, Opsgenie, Grafana OnCall or GoAlert',
        description:
          "The body is what the tool's own API returns, gathered in one JSON document (README: Moving in from another tool). " +
          'Answers the people, schedules and overrides made, the warnings (what did not map, with its path in the document) and the verification ' +
          "against the source's rendered final timeline. With dryRun=false (default true) they are stored in one transaction; people are matched " +
          'to stored ones by email. Imported schedules have requireCoverage false unless requireCoverage=true, which refuses (409) a gap within 365 days. ' +
          '404 for an unknown source, 400 for a document that is not the tool\'s.',
        params: Type.Object({ source: Type.String({ examples: ['pagerduty', 'opsgenie', 'grafana-oncall', 'goalert'] }) }),
        querystring: Type.Object({
          dryRun: Type.Boolean({ default: true, description: 'Report only, store nothing (the default)' }),
          requireCoverage: Type.Boolean({ default: false, description: 'Imported schedules require coverage (spec §6)' }),
        }),
        body: Type.Unknown({ description: "The tool's API answers in one JSON document" }),
        response: { 200: ImportReportSchema, ...problems(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request) => {
      const { dryRun, requireCoverage } = request.query;
      return app.services.movingIn.importFrom(request.params.source, request.body, { dryRun, requireCoverage }, principalOf(request).actor);
    },
  );
};

export default importSourceRoutes;
