import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Override } from '../../services/overrides.js';
import { NotFoundError } from '../../errors.js';
import { InstantInput, parseInstant } from '../instants.js';
import { principalOf } from '../plugins/auth.js';
import { IdParams, Instant, LIMITS, ListOf, problems, Slug, toIso } from '../schemas.js';

const tags = ['overrides'];

// Any id up to 64 characters: ids an import brought (slugs, not only generated `ovr-…`) must
// stay readable and deletable, and an unknown one is a 404, not a 400.
const OverrideParams = Type.Object({ id: Slug, overrideId: Type.String({ minLength: 1, maxLength: 64, examples: ['ovr-3f9a1c2b7d4e'] }) });

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
  swap: Type.Union([Type.String(), Type.Null()], { description: 'The swap this override is one half of (deleting either deletes both)', examples: ['swp-9c1d2e3f4a5b'] }),
  createdAt: Instant,
  createdBy: Type.String({ examples: ['admin@example.com'] }),
});

const SwapSideBody = Type.Object(
  {
    person: { ...Slug, description: 'Who holds this stretch now (and takes the other one)', examples: ['alice'] },
    start: InstantInput,
    end: { ...InstantInput, description: 'After start' },
  },
  { additionalProperties: false },
);

const SwapBody = Type.Object(
  {
    a: SwapSideBody,
    b: SwapSideBody,
    note: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.note }), Type.Null()], { examples: ['weekend trade'] })),
  },
  { additionalProperties: false },
);

const SwapSchema = Type.Object({
  id: Type.String({ examples: ['swp-9c1d2e3f4a5b'] }),
  schedule: Type.String({ examples: ['comms'] }),
  overrides: Type.Array(OverrideSchema, { description: "[b's person over a's stretch, a's person over b's stretch]" }),
});

function overrideView(o: Override) {
  return {
    id: o.id,
    schedule: o.scheduleId,
    person: o.personId,
    start: toIso(o.start),
    end: toIso(o.end),
    note: o.note,
    swap: o.swap,
    createdAt: toIso(o.createdAt),
    createdBy: o.createdBy,
  };
}

/**
 * /api/v1/schedules/{id}/overrides (spec §5): the newest override covering an instant wins; and
 * /api/v1/schedules/{id}/swaps (spec §13), two overrides at once.
 */
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
        description:
          'Deleting one override of a swap deletes both. Refused with 409 listing the gaps when the override(s) fill time a requireCoverage schedule would leave uncovered within 365 days.',
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

  app.post(
    '/schedules/:id/swaps',
    {
      schema: {
        tags,
        summary: 'Two people trade two stretches of time (spec §13)',
        description:
          "Stores two overrides in one transaction, both or neither: b's person over a's stretch, a's person over b's. " +
          'Both are listed with the swap id in `swap`; deleting either deletes both.',
        params: IdParams,
        body: SwapBody,
        response: { 201: SwapSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { a, b, note } = request.body;
      const side = (s: typeof a, path: string) => ({
        personId: s.person,
        start: parseInstant(s.start, `${path}/start`),
        end: parseInstant(s.end, `${path}/end`),
      });
      const swap = await overrides.swap(request.params.id, side(a, '/a'), side(b, '/b'), note ?? null, principalOf(request).actor);
      return reply.code(201).send({ id: swap.id, schedule: request.params.id, overrides: swap.overrides.map(overrideView) });
    },
  );
};

export default overrideRoutes;
