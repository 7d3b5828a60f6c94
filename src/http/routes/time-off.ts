import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TimeOff } from '../../services/time-off.js';
import { NotFoundError } from '../../errors.js';
import { InstantInput, parseInstant } from '../instants.js';
import { callerOf } from '../plugins/auth.js';
import { IdParams, Instant, LIMITS, problems, Slug, toIso } from '../schemas.js';

const tags = ['time off'];

// Any id up to 64 characters: entries an import brought (slugs, not only generated `off-…`) must
// stay deletable, and an unknown one is a 404, not a 400.
const TimeOffParams = Type.Object({ id: Slug, timeOffId: Type.String({ minLength: 1, maxLength: 64, examples: ['off-3f9a1c2b7d4e'] }) });

const TimeOffBody = Type.Object(
  {
    start: InstantInput,
    end: { ...InstantInput, description: 'After start, at most 3 years later' },
    note: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.note }), Type.Null()], { examples: ['parental leave'] })),
  },
  { additionalProperties: false },
);

const TimeOffSchema = Type.Object({
  id: Type.String({ examples: ['off-3f9a1c2b7d4e'] }),
  person: Type.String({ examples: ['alice'] }),
  start: Instant,
  end: Instant,
  note: Type.Union([Type.String(), Type.Null()], { examples: ['parental leave'] }),
  createdAt: Instant,
  createdBy: Type.String({ examples: ['alice@example.com'] }),
});

function timeOffView(t: TimeOff) {
  return {
    id: t.id,
    person: t.personId,
    start: toIso(t.start),
    end: toIso(t.end),
    note: t.note,
    createdAt: toIso(t.createdAt),
    createdBy: t.createdBy,
  };
}

const ACCESS =
  'Admins (a session or an admin token) manage anyone’s time off; a signed-in viewer only their own person’s ' +
  '(the person whose email is theirs); anyone else gets 403.';

/**
 * /api/v1/people/{id}/time-off (spec §13). Writes are open to viewers at the door: the service
 * decides whose time off each caller manages.
 */
const timeOffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const timeOff = app.services.timeOff;
  const config = { access: 'read' as const };

  app.get(
    '/people/:id/time-off',
    {
      schema: {
        tags,
        summary: "List a person's time off",
        description: 'By start; with from/to, only the entries overlapping [from, to). Any credential may read.',
        params: IdParams,
        querystring: Type.Object({ from: Type.Optional(InstantInput), to: Type.Optional(InstantInput) }),
        response: { 200: Type.Object({ person: Type.String({ examples: ['alice'] }), timeOff: Type.Array(TimeOffSchema) }), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const list = await timeOff.list(
        request.params.id,
        from === undefined ? undefined : parseInstant(from, '/query/from'),
        to === undefined ? undefined : parseInstant(to, '/query/to'),
      );
      return { person: request.params.id, timeOff: list.map(timeOffView) };
    },
  );

  app.post(
    '/people/:id/time-off',
    {
      config,
      schema: {
        tags,
        summary: 'Record that a person is away for [start, end)',
        description:
          `${ACCESS} Never refused for leaving a gap: coverage reports it (gaps, conflicts) and the notifier announces it. ` +
          'At most 5,000 entries per person (409).',
        params: IdParams,
        body: TimeOffBody,
        response: { 201: TimeOffSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { start, end, note } = request.body;
      const entry = await timeOff.create(callerOf(request), request.params.id, {
        start: parseInstant(start, '/start'),
        end: parseInstant(end, '/end'),
        note: note ?? null,
      });
      return reply.code(201).send(timeOffView(entry));
    },
  );

  app.delete(
    '/people/:id/time-off/:timeOffId',
    {
      config,
      schema: { tags, summary: 'Remove time off', description: ACCESS, params: TimeOffParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
    },
    async (request, reply) => {
      const { id, timeOffId } = request.params;
      if (!(await timeOff.delete(callerOf(request), id, timeOffId))) throw new NotFoundError('time off', timeOffId);
      return reply.code(204).send(null);
    },
  );
};

export default timeOffRoutes;
