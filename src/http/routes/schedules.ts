import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CurrentSchedule } from '../../services/schedules.js';
import { NotFoundError } from '../../errors.js';
import { InstantInput, parseInstant, parseWindow } from '../instants.js';
import { principalOf } from '../plugins/auth.js';
import { CreateOnlyHeaders, putOptions } from '../create-only.js';
import { ScheduleDocument, scheduleFields } from '../../schemas/schedule-document.js';
import { IdParams, Instant, ListOf, problems, toIso } from '../schemas.js';
import { CoverageSchema, LayerRowSchema, ShiftSchema } from '../views.js';
import { sendJsonText } from '../json-text.js';

const tags = ['schedules'];

const ScheduleSchema = Type.Object({
  ...scheduleFields,
  id: Type.String({ examples: ['comms'] }),
  version: Type.Integer({ description: 'The version in force now', examples: [3] }),
  effectiveFrom: Instant,
  savedAt: Instant,
  savedBy: Type.String({ examples: ['admin@example.com'] }),
  next: Type.Union([Type.Object({ version: Type.Integer(), effectiveFrom: Instant }), Type.Null()], {
    description: 'A saved version that takes effect later, if any',
  }),
});

const VersionSchema = Type.Object({
  version: Type.Integer({ examples: [1] }),
  effectiveFrom: Instant,
  savedAt: Instant,
  savedBy: Type.String({ examples: ['admin@example.com'] }),
  superseded: Type.Boolean({ description: 'True when a later save replaced it before it took effect' }),
  document: ScheduleDocument,
});

const PutBody = Type.Object(
  {
    ...scheduleFields,
    effectiveFrom: Type.Optional({ ...InstantInput, description: 'When this version takes effect (future); default now' }),
  },
  { additionalProperties: false },
);

const PreviewBody = Type.Object(
  { schedule: ScheduleDocument, from: InstantInput, to: InstantInput },
  { additionalProperties: false, description: 'Window at most 3 years' },
);

function scheduleView({ current, next }: CurrentSchedule) {
  return {
    ...current.document,
    id: current.scheduleId,
    version: current.version,
    effectiveFrom: toIso(current.effectiveFrom),
    savedAt: toIso(current.savedAt),
    savedBy: current.savedBy,
    next: next && { version: next.version, effectiveFrom: toIso(next.effectiveFrom) },
  };
}

/** /api/v1/schedules — schedule documents, their versions and previews (spec §4). */
const scheduleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const schedules = app.services.schedules;

  app.get(
    '/schedules',
    { schema: { tags, summary: 'List schedules (each as the version in force now)', response: { 200: ListOf(ScheduleSchema), ...problems(401) } } },
    async () => ({ items: (await schedules.list()).map(scheduleView) }),
  );

  app.get(
    '/schedules/:id',
    { schema: { tags, summary: 'Read a schedule (the version in force now)', params: IdParams, response: { 200: ScheduleSchema, ...problems(401, 404) } } },
    async (request) => scheduleView(await schedules.get(request.params.id)),
  );

  app.put(
    '/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Save a new version of a schedule',
        description:
          'Each PUT is a new version, in force from now or from a future `effectiveFrom`. A new version supersedes ' +
          'earlier-saved versions still pending at or after its own effectiveFrom. With requireCoverage (default), ' +
          'a version that leaves a gap within 365 days is refused with 409 listing the gaps. With `If-None-Match: *` ' +
          'only creates: 412 naming `/id` when the schedule exists.',
        params: IdParams,
        headers: CreateOnlyHeaders,
        body: PutBody,
        response: { 200: ScheduleSchema, 201: ScheduleSchema, ...problems(400, 401, 403, 409, 412) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { effectiveFrom, ...doc } = request.body;
      const from = effectiveFrom === undefined ? undefined : parseInstant(effectiveFrom, '/effectiveFrom');
      const { created } = await schedules.put(id, doc, from, principalOf(request).actor, putOptions(request));
      return reply.code(created ? 201 : 200).send(scheduleView(await schedules.get(id)));
    },
  );

  app.delete(
    '/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a schedule with its versions and overrides',
        description: 'Refused with 409 (naming the references) while an escalation chain targets it.',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      if (!(await schedules.delete(request.params.id, principalOf(request).actor))) throw new NotFoundError('schedule', request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/schedules/:id/versions',
    {
      schema: { tags, summary: "List a schedule's versions, oldest first", params: IdParams, response: { 200: ListOf(VersionSchema), ...problems(401, 404) } },
    },
    async (request) => ({
      items: (await schedules.versions(request.params.id)).map(({ version: v, superseded }) => ({
        version: v.version,
        effectiveFrom: toIso(v.effectiveFrom),
        savedAt: toIso(v.savedAt),
        savedBy: v.savedBy,
        superseded,
        document: v.document,
      })),
    }),
  );

  app.post(
    '/schedules/preview',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Timeline, coverage and layer rows of an unsaved schedule document',
        description: 'Validated as a PUT would be; stores nothing.',
        body: PreviewBody,
        response: {
          200: Type.Object({ shifts: Type.Array(ShiftSchema), coverage: CoverageSchema, layers: Type.Array(LayerRowSchema) }),
          ...problems(400, 401),
        },
      },
    },
    async (request, reply) => {
      const { schedule, ...window } = request.body;
      const { from, to } = parseWindow(window, '');
      return sendJsonText(reply, await schedules.previewJson(schedule, from, to));
    },
  );
};

export default scheduleRoutes;
