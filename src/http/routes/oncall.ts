import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendJsonText } from '../json-text.js';
import { instantOrNow, InstantInput, parseWindow } from '../instants.js';
import { IdParams, Instant, problems, toIso } from '../schemas.js';
import { CoverageSchema, coverageView, LayerRowSchema, onCallJson, ShiftSchema } from '../views.js';

const tags = ['on call'];

const AtQuery = Type.Object({ at: Type.Optional({ ...InstantInput, description: 'Default now' }) });
const WindowQuery = Type.Object({ from: InstantInput, to: { ...InstantInput, description: 'After from; at most 3 years later' } });

/** Who is on call, timelines and coverage of stored schedules (spec §6, §7). */
const onCallRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { oncall, people } = app.services;

  app.get(
    '/schedules/:id/oncall',
    {
      schema: {
        tags,
        summary: 'Who is on call for a schedule at an instant',
        params: IdParams,
        querystring: AtQuery,
        response: { 200: Type.Ref('OnCall'), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const answer = await oncall.onCall(request.params.id, instantOrNow(request.query.at, '/query/at', app.services.now));
      return sendJsonText(reply, onCallJson(answer, await people.directory()));
    },
  );

  app.get(
    '/oncall',
    {
      schema: {
        tags,
        summary: 'Who is on call for every schedule at an instant',
        querystring: AtQuery,
        response: { 200: Type.Object({ at: Instant, oncall: Type.Array(Type.Ref('OnCall')) }), ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      const at = instantOrNow(request.query.at, '/query/at', app.services.now);
      const directory = await people.directory();
      const answers = (await oncall.everyone(at)).map((o) => onCallJson(o, directory));
      return sendJsonText(reply, `{"at":"${toIso(at)}","oncall":[${answers.join(',')}]}`);
    },
  );

  app.get(
    '/schedules/:id/shifts',
    {
      schema: {
        tags,
        summary: 'The final timeline of [from, to)',
        description: 'Contiguous, gaps included, equal neighbours merged. With layers=true, also each layer\'s own shifts.',
        params: IdParams,
        querystring: Type.Object({ ...WindowQuery.properties, layers: Type.Optional(Type.Boolean({ default: false })) }),
        response: {
          200: Type.Object({
            schedule: Type.String({ examples: ['comms'] }),
            from: Instant,
            to: Instant,
            shifts: Type.Array(ShiftSchema),
            layers: Type.Optional(Type.Array(LayerRowSchema)),
          }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { from, to } = parseWindow(request.query, '/query');
      const envelope = { schedule: id, from: toIso(from), to: toIso(to) };
      return sendJsonText(reply, await oncall.shiftsJson(id, from, to, request.query.layers === true, envelope));
    },
  );

  app.get(
    '/schedules/:id/coverage',
    {
      schema: {
        tags,
        summary: 'Gaps, fallback time and per-person load over [from, to)',
        description: 'Hours are real elapsed hours (a 25 h DST night counts 25), rounded to 3 decimals; night is 22:00–06:00 and weekend SA/SU in the schedule zone.',
        params: IdParams,
        querystring: WindowQuery,
        response: { 200: CoverageSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { from, to } = parseWindow(request.query, '/query');
      return coverageView(await oncall.coverage(request.params.id, from, to));
    },
  );
};

export default onCallRoutes;
