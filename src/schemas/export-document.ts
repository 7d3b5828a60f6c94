/**
 * The export document (spec §11): the whole configuration as one JSON file that can be kept in
 * git and imported into another server. The same schema describes GET /export's response and
 * validates POST /import's body, so whatever one server exports another accepts.
 *
 * Its lists are bounded like the requests that create their items (a schedule document by
 * SCHEDULE_LIMITS, chains and calendars by LIMITS), and its top-level lists by EXPORT_LIMITS.
 */
import { Type, type Static } from 'typebox';
import { HOLIDAY_TYPES } from '../holidays/index.js';
import { LIMITS, Slug } from './common.js';
import { ScheduleDocument } from './schedule-document.js';

export const EXPORT_FORMAT = 'rota-export';
export const EXPORT_VERSION = 1;

/**
 * Top-level lists of an export document. The 32 MiB body limit is the binding cap (it holds about
 * 170,000 overrides as GET /export writes them); these bound each list, and so the work an import
 * does per item, on their own. They lie above what a real organisation's export holds, so a
 * server's own export imports.
 */
export const EXPORT_LIMITS = {
  people: 100_000,
  holidayCalendars: 10_000,
  schedules: 10_000,
  versionsPerSchedule: 10_000,
  overrides: 250_000,
  escalationChains: 10_000,
  timeOff: 250_000,
} as const;

const strict = { additionalProperties: false } as const;
/** Instants are written as ISO-8601 UTC; on import any instant with Z or an offset is accepted. */
const InstantField = Type.String({ format: 'date-time', maxLength: 64, examples: ['2027-03-28T22:00:00.000Z'] });
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, examples: ['2027-12-24'] });
const Name = Type.String({ minLength: 1, maxLength: LIMITS.name });
const NullableString = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);

const ExportPerson = Type.Object(
  { id: Slug, name: Name, email: Type.Union([Type.String({ format: 'email', maxLength: 320 }), Type.Null()]), phone: NullableString(64), timeZone: NullableString(64) },
  strict,
);

const ExportCalendar = Type.Object(
  {
    id: Slug,
    name: Name,
    region: NullableString(32),
    types: Type.Array(Type.Enum(HOLIDAY_TYPES), { uniqueItems: true, maxItems: HOLIDAY_TYPES.length }),
    include: Type.Array(Type.Object({ date: DateString, name: Name }, strict), { maxItems: LIMITS.calendarDates }),
    exclude: Type.Array(DateString, { maxItems: LIMITS.calendarDates }),
  },
  strict,
);

const ExportVersion = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    effectiveFrom: InstantField,
    savedAt: InstantField,
    savedBy: Type.String({ maxLength: 320 }),
    document: ScheduleDocument,
  },
  strict,
);

const ExportSchedule = Type.Object({ id: Slug, versions: Type.Array(ExportVersion, { minItems: 1, maxItems: EXPORT_LIMITS.versionsPerSchedule }) }, strict);

const ExportOverride = Type.Object(
  {
    id: Slug,
    schedule: Slug,
    person: Slug,
    start: InstantField,
    end: InstantField,
    note: NullableString(LIMITS.note),
    swap: Type.Optional(Type.Union([Slug, Type.Null()], { description: 'The swap this override is one half of: shared by exactly two overrides of one schedule' })),
    createdAt: InstantField,
    createdBy: Type.String({ maxLength: 320 }),
  },
  strict,
);

const ExportTimeOff = Type.Object(
  {
    id: Slug,
    person: Slug,
    start: InstantField,
    end: InstantField,
    note: NullableString(LIMITS.note),
    createdAt: InstantField,
    createdBy: Type.String({ maxLength: 320 }),
  },
  strict,
);

const ExportTarget = Type.Object({ schedule: Type.Optional(Slug), person: Type.Optional(Slug) }, { ...strict, description: 'Exactly one of schedule or person' });

const ExportChain = Type.Object(
  {
    id: Slug,
    name: Name,
    levels: Type.Array(
      Type.Object(
        { targets: Type.Array(ExportTarget, { minItems: 1, maxItems: LIMITS.chainTargets }), escalateAfterMinutes: Type.Integer({ minimum: 0, maximum: 10080 }) },
        strict,
      ),
      { minItems: 1, maxItems: LIMITS.chainLevels },
    ),
    repeat: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  strict,
);

export const ExportDocumentSchema = Type.Object(
  {
    format: Type.Literal(EXPORT_FORMAT),
    version: Type.Literal(EXPORT_VERSION),
    exportedAt: InstantField,
    people: Type.Array(ExportPerson, { maxItems: EXPORT_LIMITS.people }),
    holidayCalendars: Type.Array(ExportCalendar, { maxItems: EXPORT_LIMITS.holidayCalendars }),
    schedules: Type.Array(ExportSchedule, { maxItems: EXPORT_LIMITS.schedules }),
    overrides: Type.Array(ExportOverride, { maxItems: EXPORT_LIMITS.overrides, description: 'Oldest first: a later override wins where two overlap' }),
    escalationChains: Type.Array(ExportChain, { maxItems: EXPORT_LIMITS.escalationChains }),
    timeOff: Type.Optional(Type.Array(ExportTimeOff, { maxItems: EXPORT_LIMITS.timeOff, description: "People's time off (absent in exports older than time off)" })),
  },
  { ...strict, description: 'The whole configuration: no users, API tokens, feeds or secrets' },
);

export type ExportDocument = Static<typeof ExportDocumentSchema>;
