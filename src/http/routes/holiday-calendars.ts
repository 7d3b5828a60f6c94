import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HolidayCalendar } from '../../services/holiday-calendars.js';
import { HOLIDAY_TYPES, listRegions } from '../../holidays/index.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { principalOf } from '../plugins/auth.js';
import { CreateOnlyHeaders, putOptions } from '../create-only.js';
import { IdParams, Instant, LIMITS, ListOf, problems, Slug, toIso } from '../schemas.js';

const tags = ['holiday calendars'];

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, examples: ['2027-12-24'] });
const HolidayType = Type.Enum(HOLIDAY_TYPES);
/** The name of an included date sent without one. */
const UNNAMED_HOLIDAY = 'Holiday';

const NamedDate = Type.Object({
  date: DateString,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.name, examples: ['Christmas Eve'], description: `Default "${UNNAMED_HOLIDAY}"` })),
});

const CalendarBody = Type.Object(
  {
    id: Type.Optional(Slug),
    name: Type.String({ minLength: 1, maxLength: LIMITS.name, examples: ['Berlin public holidays'] }),
    region: Type.Optional(
      Type.Union([Type.String({ maxLength: 32 }), Type.Null()], {
        description: 'country[-state[-region]] as date-holidays names them (GET /holiday-regions)',
        examples: ['DE-BE'],
      }),
    ),
    types: Type.Optional(Type.Array(HolidayType, { uniqueItems: true, maxItems: HOLIDAY_TYPES.length, description: 'Default ["public"]', examples: [['public']] })),
    include: Type.Optional(Type.Array(NamedDate, { maxItems: LIMITS.calendarDates, description: 'Extra dates' })),
    exclude: Type.Optional(Type.Array(DateString, { maxItems: LIMITS.calendarDates, description: "Dates removed from the region's set" })),
  },
  { additionalProperties: false },
);

const CalendarSchema = Type.Object({
  id: Type.String({ examples: ['de-be'] }),
  name: Type.String({ examples: ['Berlin public holidays'] }),
  region: Type.Union([Type.String(), Type.Null()], { examples: ['DE-BE'] }),
  types: Type.Array(Type.String(), { examples: [['public']] }),
  include: Type.Array(NamedDate),
  exclude: Type.Array(Type.String(), { examples: [['2027-05-01']] }),
  createdAt: Instant,
  updatedAt: Instant,
});

const DatesSchema = Type.Object({
  dates: Type.Array(
    Type.Object({
      date: Type.String({ examples: ['2027-03-26'] }),
      name: Type.String({ examples: ['Good Friday'] }),
      source: Type.Union([Type.Literal('region'), Type.Literal('include')]),
    }),
  ),
});

const RegionSchema = Type.Object({
  code: Type.String({ examples: ['DE'] }),
  name: Type.String({ examples: ['Germany'] }),
  subdivisions: Type.Array(Type.Object({ code: Type.String({ examples: ['DE-BE'] }), name: Type.String({ examples: ['Berlin'] }) })),
});

function calendarView(c: HolidayCalendar) {
  return { ...c, createdAt: toIso(c.createdAt), updatedAt: toIso(c.updatedAt) };
}

/** /api/v1/holiday-calendars and /api/v1/holiday-regions (spec §3). */
const holidayCalendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const calendars = app.services.holidayCalendars;

  app.get(
    '/holiday-regions',
    { schema: { tags, summary: 'List supported countries and their subdivisions', response: { 200: ListOf(RegionSchema), ...problems(401) } } },
    async () => ({ items: listRegions() }),
  );

  app.get(
    '/holiday-calendars',
    { schema: { tags, summary: 'List holiday calendars', response: { 200: ListOf(CalendarSchema), ...problems(401) } } },
    async () => ({ items: (await calendars.list()).map(calendarView) }),
  );

  app.get(
    '/holiday-calendars/:id',
    { schema: { tags, summary: 'Read a holiday calendar', params: IdParams, response: { 200: CalendarSchema, ...problems(401, 404) } } },
    async (request) => calendarView(await calendars.get(request.params.id)),
  );

  app.put(
    '/holiday-calendars/:id',
    {
      schema: {
        tags,
        summary: 'Create or replace a holiday calendar',
        description:
          'Refused with 409 when the change would leave a requireCoverage schedule without anyone on call within 365 days. ' +
          'With `If-None-Match: *` only creates: 412 naming `/id` when the calendar exists.',
        params: IdParams,
        headers: CreateOnlyHeaders,
        body: CalendarBody,
        response: { 200: CalendarSchema, 201: CalendarSchema, ...problems(400, 401, 403, 409, 412) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      if (body.id !== undefined && body.id !== id) {
        throw new ValidationError([{ path: '/id', message: `must equal the id in the URL ("${id}")` }]);
      }
      const { calendar, created } = await calendars.put(
        id,
        { name: body.name, region: body.region ?? null, types: body.types ?? ['public'], include: (body.include ?? []).map((d) => ({ date: d.date, name: d.name ?? UNNAMED_HOLIDAY })), exclude: body.exclude ?? [] },
        principalOf(request).actor,
        putOptions(request),
      );
      return reply.code(created ? 201 : 200).send(calendarView(calendar));
    },
  );

  app.delete(
    '/holiday-calendars/:id',
    {
      schema: {
        tags,
        summary: 'Delete a holiday calendar',
        description: 'Refused with 409 (naming the references) while a schedule uses it.',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      if (!(await calendars.delete(request.params.id, principalOf(request).actor))) {
        throw new NotFoundError('holiday calendar', request.params.id);
      }
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/holiday-calendars/:id/dates',
    {
      schema: {
        tags,
        summary: "A calendar's holiday dates in one year",
        params: IdParams,
        querystring: Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2200, examples: [2027] }) }),
        response: { 200: DatesSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => ({ dates: await calendars.dates(request.params.id, request.query.year) }),
  );
};

export default holidayCalendarRoutes;
