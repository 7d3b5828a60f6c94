import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendJsonText } from '../json-text.js';
import { ValidationError } from '../../errors.js';
import { MAX_ONCALL_FILTER } from '../../services/oncall.js';
import { instantOrNow, InstantInput, parseWindow } from '../instants.js';
import { IdParams, Instant, problems, toIso } from '../schemas.js';
import { CoverageSchema, coverageView, LayerRowSchema, onCallJson, PersonShiftSchema, ShiftSchema } from '../views.js';

const tags = ['on call'];

const AtQuery = Type.Object({ at: Type.Optional({ ...InstantInput, description: 'Default now' }) });
const WindowQuery = Type.Object({ from: InstantInput, to: { ...InstantInput, description: 'After from; at most 3 years later' } });

const EveryoneQuery = Type.Object({
  ...AtQuery.properties,
  schedule: Type.Optional(
    Type.Array(Type.String({ examples: ['comms,comms-backup'] }), {
      maxItems: MAX_ONCALL_FILTER,
      description: `Only these schedules (repeated, or comma-separated; at most ${MAX_ONCALL_FILTER}); an unknown one is a 404`,
    }),
  ),
});

/** The schedule ids a `?schedule=` filter names (repeated and comma-separated forms), or null for all. */
function scheduleFilter(raw: readonly string[] | undefined): string[] | null {
  if (raw === undefined) return null;
  const ids = raw.flatMap((r) => r.split(','));
  const path = '/query/schedule';
  if (ids.length > MAX_ONCALL_FILTER) throw new ValidationError([{ path, message: `names ${ids.length} schedules; at most ${MAX_ONCALL_FILTER}` }]);
  if (ids.some((id) => id === '')) throw new ValidationError([{ path, message: 'an empty schedule id (a stray comma?)' }]);
  return ids;
}

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
        summary: 'Who is on call for every schedule (or those named) at an instant',
        description: 'By schedule id. `schedule` may be repeated or comma-separated; repeats are answered once.',
        querystring: EveryoneQuery,
        response: { 200: Type.Object({ at: Instant, oncall: Type.Array(Type.Ref('OnCall')) }), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const at = instantOrNow(request.query.at, '/query/at', app.services.now);
      const only = scheduleFilter(request.query.schedule);
      const found = only === null ? await oncall.everyone(at) : await oncall.some(only, at);
      const directory = await people.directory();
      const answers = found.map((o) => onCallJson(o, directory));
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

  app.get(
    '/people/:id/shifts',
    {
      schema: {
        tags,
        summary: "A person's final shifts in every schedule over [from, to)",
        description: 'The shifts they hold in each schedule naming them, clipped to the window, by start then schedule.',
        params: IdParams,
        querystring: WindowQuery,
        response: {
          200: Type.Object({ person: Type.String({ examples: ['alice'] }), from: Instant, to: Instant, shifts: Type.Array(PersonShiftSchema) }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { from, to } = parseWindow(request.query, '/query');
      const shifts = await oncall.personShifts(id, from, to);
      return {
        person: id,
        from: toIso(from),
        to: toIso(to),
        shifts: shifts.map(({ schedule, scheduleName, shift, swap }) => ({
          schedule,
          scheduleName,
          start: toIso(shift.start),
          end: toIso(shift.end),
          // A shift someone holds is never a gap.
          source: shift.source as Exclude<typeof shift.source, 'gap'>,
          layer: shift.layerId,
          override: shift.overrideId,
          swap,
        })),
      };
    },
  );
};

export default onCallRoutes;
