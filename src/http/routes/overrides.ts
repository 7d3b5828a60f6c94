import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Override } from '../../services/overrides.js';
import { NotFoundError } from '../../errors.js';
import { InstantInput, parseInstant } from '../instants.js';
import { principalOf } from '../plugins/auth.js';
import { IdParams, Instant, LIMITS, ListOf, problems, Slug, toIso } from '../schemas.js';

const tags = ['overrides'];

const OverrideParams = Type.Object({ id: Slug, overrideId: Type.String({ pattern: '^ovr-[a-f0-9]+$', maxLength: 64, examples: ['ovr-3f9a1c2b7d4e'] }) });

const OverrideBody = Type.Object(
  {
    person: { ...Slug, examples: ['bob'] },
    start: InstantInput,
    end: { ...InstantInput, description: 'After start' },
    note: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.note }), Type.Null()], { examples: ['swap'] })),
  },
  { additionalProperties: false },
);

const OverrideSchema = Type.Object({
  id: Type.String({ examples: ['ovr-3f9a1c2b7d4e'] }),
  schedule: Type.String({ examples: ['comms'] }),
  person: Type.String({ examples: ['bob'] }),
  start: Instant,
  end: Instant,
  note: Type.Union([Type.String(), Type.Null()], { examples: ['swap'] }),
  createdAt: Instant,
  createdBy: Type.String({ examples: ['admin@example.com'] }),
});

function overrideView(o: Override) {
  return {
    id: o.id,
    schedule: o.scheduleId,
    person: o.personId,
    start: toIso(o.start),
    end: toIso(o.end),
    note: o.note,
    createdAt: toIso(o.createdAt),
    createdBy: o.createdBy,
  };
}

/** /api/v1/schedules/{id}/overrides (spec §5): the newest override covering an instant wins. */
const overrideRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const overrides = app.services.overrides;

  app.get(
    '/schedules/:id/overrides',
    {
      schema: {
        tags,
        summary: "List a schedule's overrides",
        description: 'With from/to, only those overlapping [from, to).',
        params: IdParams,
        querystring: Type.Object({ from: Type.Optional(InstantInput), to: Type.Optional(InstantInput) }),
        response: { 200: ListOf(OverrideSchema), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const list = await overrides.list(
        request.params.id,
        from === undefined ? undefined : parseInstant(from, '/query/from'),
        to === undefined ? undefined : parseInstant(to, '/query/to'),
      );
      return { items: list.map(overrideView) };
    },
  );

  app.post(
    '/schedules/:id/overrides',
    {
      schema: {
        tags,
        summary: 'Put someone on call for [start, end)',
        params: IdParams,
        body: OverrideBody,
        response: { 201: OverrideSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const start = parseInstant(body.start, '/start');
      const end = parseInstant(body.end, '/end');
      const override = await overrides.create(
        request.params.id,
        { personId: body.person, start, end, note: body.note ?? null },
        principalOf(request).actor,
      );
      return reply.code(201).send(overrideView(override));
    },
  );

  app.get(
    '/schedules/:id/overrides/:overrideId',
    { schema: { tags, summary: 'Read an override', params: OverrideParams, response: { 200: OverrideSchema, ...problems(401, 404) } } },
    async (request) => overrideView(await overrides.get(request.params.id, request.params.overrideId)),
  );

  app.delete(
    '/schedules/:id/overrides/:overrideId',
    {
      schema: {
        tags,
        summary: 'Remove an override',
        description: 'Refused with 409 listing the gaps when the override fills time a requireCoverage schedule would leave uncovered within 365 days.',
        params: OverrideParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id, overrideId } = request.params;
      if (!(await overrides.delete(id, overrideId, principalOf(request).actor))) throw new NotFoundError('override', overrideId);
      return reply.code(204).send(null);
    },
  );
};

export default overrideRoutes;
