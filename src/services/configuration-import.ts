/**
 * Checking an export document before it replaces the configuration (spec §11). The body's shape
 * is checked by its schema; this checks everything that depends on the document as a whole and
 * collects every problem, each with its path in the document
 * (`/schedules/2/versions/0/document/layers/0/rotation/every`), before anything is written.
 *
 * Each item is held to the rules its own write is held to — the same validators a PUT or POST
 * runs (personProblems, calendarProblems, validateSchedule, overrideProblems, chainProblems,
 * timeOffProblems) —
 * with references resolved within the document itself; what only a whole document can get
 * wrong (repeated ids or emails) is checked here.
 */
import { currentAndPending, validateSchedule, versionsInForce, type ScheduleDoc } from '../engine/index.js';
import type { CalendarDef } from '../holidays/index.js';
import type { Configuration, ConfigurationVersion } from '../db/repos/configuration.js';
import { ValidationError, type FieldProblem } from '../errors.js';
import type { ExportDocument } from '../schemas/export-document.js';
import { GUARD_HORIZON, type GuardedState } from './coverage-guard.js';
import { chainInput, chainProblems } from './escalation-chains.js';
import { calendarProblems } from './holiday-calendars.js';
import { parseInstant } from './instants.js';
import { overrideProblems, type Override } from './overrides.js';
import { personProblems } from './people.js';
import { MAX_TIME_OFF_PER_PERSON, timeOffProblems } from './time-off.js';
import type { TimelineCache } from './timeline-cache.js';

type Problems = FieldProblem[];

/** Records `found` (paths relative to an item) at the item's place `at` in the document. */
function within(at: string, found: readonly FieldProblem[], problems: Problems): void {
  for (const p of found) problems.push({ path: `${at}${p.path}`, message: p.message });
}

/** Epoch ms of an instant in the document; NaN (with a problem recorded) when it is not one. */
function instant(raw: string, path: string, problems: Problems): number {
  try {
    return parseInstant(raw, path);
  } catch (err) {
    if (err instanceof ValidationError) problems.push(...err.errors);
    return Number.NaN;
  }
}

/**
 * Flags every repeat of `field` within one list (items where it is null are skipped), saying
 * `repeated(value, first item with it)`; returns the values.
 */
function checkUnique<T, K extends keyof T>(
  items: readonly T[],
  path: string,
  field: K,
  repeated: (value: string, first: T) => string,
  problems: Problems,
): Set<string> {
  const first = new Map<string, T>();
  items.forEach((item, i) => {
    const value = item[field] as string | null;
    if (value === null) return;
    const earlier = first.get(value);
    if (earlier !== undefined) problems.push({ path: `${path}/${i}/${String(field)}`, message: repeated(value, earlier) });
    else first.set(value, item);
  });
  return new Set(first.keys());
}

/** The message for a repeated id. */
const duplicate = (what: string) => (id: string) => `duplicate ${what} id "${id}"`;

/**
 * Each version's document must be one the engine accepts. Versions still answering from now on
 * (the current one and pending ones) must name people and calendars of the document; history
 * that has ended may name ones deleted since, as it does on the server that exported it.
 */
function checkSchedules(doc: ExportDocument, known: { people: Set<string>; calendars: Set<string> }, now: number, problems: Problems): Configuration['schedules'] {
  return doc.schedules.map((s, i) => {
    const seen = new Set<number>();
    const versions: ConfigurationVersion[] = s.versions.map((v, j) => {
      const at = `/schedules/${i}/versions/${j}`;
      if (seen.has(v.version)) problems.push({ path: `${at}/version`, message: `duplicate version ${v.version}` });
      seen.add(v.version);
      const document = v.document as ScheduleDoc;
      if (document.id !== undefined && document.id !== s.id) problems.push({ path: `${at}/document/id`, message: `must equal the schedule id "${s.id}"` });
      return {
        version: v.version,
        effectiveFrom: instant(v.effectiveFrom, `${at}/effectiveFrom`, problems),
        savedAt: instant(v.savedAt, `${at}/savedAt`, problems),
        savedBy: v.savedBy,
        document: { ...document, id: s.id },
      };
    });
    const live = new Set(currentAndPending(versionsInForce(versions), now));
    versions.forEach((v, j) => within(`/schedules/${i}/versions/${j}/document`, validateSchedule(v.document, live.has(v) ? known : {}), problems));
    return { id: s.id, versions };
  });
}

function checkOverrides(doc: ExportDocument, known: { people: Set<string>; schedules: Set<string> }, problems: Problems): Configuration['overrides'] {
  return doc.overrides.map((o, i) => {
    const at = `/overrides/${i}`;
    if (!known.schedules.has(o.schedule)) problems.push({ path: `${at}/schedule`, message: `unknown schedule "${o.schedule}"` });
    const override = {
      id: o.id,
      scheduleId: o.schedule,
      personId: o.person,
      start: instant(o.start, `${at}/start`, problems),
      end: instant(o.end, `${at}/end`, problems),
      note: o.note,
      swap: o.swap ?? null,
      createdAt: instant(o.createdAt, `${at}/createdAt`, problems),
      createdBy: o.createdBy,
    };
    within(at, overrideProblems(override, known.people), problems);
    return override;
  });
}

/** A swap is two overrides of one schedule (spec §13): each swap id is shared by exactly two of the same schedule. */
function checkSwaps(overrides: Configuration['overrides'], problems: Problems): void {
  const halves = new Map<string, number[]>();
  overrides.forEach((o, i) => {
    if (o.swap !== null) halves.set(o.swap, [...(halves.get(o.swap) ?? []), i]);
  });
  for (const [swap, at] of halves) {
    const last = at[at.length - 1]!;
    if (at.length !== 2) problems.push({ path: `/overrides/${last}/swap`, message: `swap "${swap}" must be shared by exactly two overrides (found ${at.length})` });
    else if (overrides[at[0]!]!.scheduleId !== overrides[last]!.scheduleId) {
      problems.push({ path: `/overrides/${last}/swap`, message: `swap "${swap}" must join two overrides of one schedule` });
    }
  }
}

function checkTimeOff(doc: ExportDocument, people: Set<string>, problems: Problems): Configuration['timeOff'] {
  const perPerson = new Map<string, number>();
  return (doc.timeOff ?? []).map((t, i) => {
    const at = `/timeOff/${i}`;
    if (!people.has(t.person)) problems.push({ path: `${at}/person`, message: `unknown person "${t.person}"` });
    const count = (perPerson.get(t.person) ?? 0) + 1;
    perPerson.set(t.person, count);
    if (count === MAX_TIME_OFF_PER_PERSON + 1) problems.push({ path: `${at}/person`, message: `person "${t.person}" may have at most ${MAX_TIME_OFF_PER_PERSON} time-off entries` });
    const entry = {
      id: t.id,
      personId: t.person,
      start: instant(t.start, `${at}/start`, problems),
      end: instant(t.end, `${at}/end`, problems),
      note: t.note,
      createdAt: instant(t.createdAt, `${at}/createdAt`, problems),
      createdBy: t.createdBy,
    };
    within(at, timeOffProblems(entry), problems);
    return entry;
  });
}

/**
 * The configuration `doc` describes, checked whole against itself. Throws a ValidationError
 * listing every problem. (The coverage guarantee is checked by the configuration service, on
 * `guardedSchedules`.)
 */
export function configurationFromImport(doc: ExportDocument, now: number): Configuration {
  const problems: Problems = [];
  const people = checkUnique(doc.people, '/people', 'id', duplicate('person'), problems);
  const calendars = checkUnique(doc.holidayCalendars, '/holidayCalendars', 'id', duplicate('holiday calendar'), problems);
  const schedules = checkUnique(doc.schedules, '/schedules', 'id', duplicate('schedule'), problems);
  checkUnique(doc.overrides, '/overrides', 'id', duplicate('override'), problems);
  checkUnique(doc.escalationChains, '/escalationChains', 'id', duplicate('escalation chain'), problems);
  checkUnique(doc.timeOff ?? [], '/timeOff', 'id', duplicate('time-off'), problems);
  // People's emails are unique: the database refuses a second one (409 on a PUT).
  checkUnique(doc.people, '/people', 'email', (email, owner) => `email "${email}" already belongs to person "${owner.id}"`, problems);
  doc.people.forEach((p, i) => within(`/people/${i}`, personProblems(p), problems));
  doc.holidayCalendars.forEach((c, i) => within(`/holidayCalendars/${i}`, calendarProblems(c), problems));
  const overrides = checkOverrides(doc, { people, schedules }, problems);
  checkSwaps(overrides, problems);
  const config: Configuration = {
    people: doc.people,
    holidayCalendars: doc.holidayCalendars,
    schedules: checkSchedules(doc, { people, calendars }, now, problems),
    overrides,
    escalationChains: doc.escalationChains.map((c, i) => {
      within(`/escalationChains/${i}`, chainProblems(c, { people, schedules }), problems);
      return { id: c.id, ...chainInput(c) };
    }),
    timeOff: checkTimeOff(doc, people, problems),
  };
  if (problems.length > 0) throw new ValidationError(problems);
  return config;
}

/**
 * Each imported schedule as the coverage guarantee checks it over the next 365 days, as for a
 * PUT: its versions in force, its overrides (seq = position: the document lists them oldest
 * first, as they will be stored) and the document's calendars.
 */
export async function guardedSchedules(config: Configuration, timelines: TimelineCache, now: number): Promise<GuardedState[]> {
  const calendars = new Map(config.holidayCalendars.map((c): [string, CalendarDef] => [c.id, c]));
  // Grouped in one pass: filtering every override per schedule was schedules × overrides.
  const overridesOf = new Map<string, Override[]>();
  config.overrides.forEach((o, seq) => {
    const list = overridesOf.get(o.scheduleId) ?? [];
    list.push({ ...o, seq });
    overridesOf.set(o.scheduleId, list);
  });
  return Promise.all(
    config.schedules.map(async (s) => {
      const inForce = versionsInForce(s.versions);
      const overrides = (overridesOf.get(s.id) ?? []).sort((a, b) => a.start - b.start);
      return { id: s.id, data: await timelines.dataOf({ inForce, overrides }, now, now + GUARD_HORIZON, calendars) };
    }),
  );
}
