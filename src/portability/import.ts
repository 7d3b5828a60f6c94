/**
 * Checking an export document before it replaces the configuration (spec §11). The body's shape
 * is checked by its schema; this checks everything that depends on the document as a whole —
 * ids unique, references resolved within the document itself, schedule versions valid for the
 * engine, and the coverage guarantee — and collects every problem, each with its path
 * (`/schedules/2/versions/0/document/layers/0/rotation/every`), before anything is written.
 */
import { calendarsOf, isValidZone, validateSchedule, type OverrideInput, type ScheduleDoc } from '../engine/index.js';
import { isKnownRegion, type CalendarDef } from '../holidays/index.js';
import type { ScheduleData } from '../compute/tasks.js';
import type { Configuration, ConfigurationVersion } from '../db/repos/configuration.js';
import type { ScheduleVersion } from '../db/repos/schedules.js';
import { ValidationError, type FieldProblem } from '../errors.js';
import { parseInstant } from '../services/instants.js';
import { isCalendarDate } from '../services/dates.js';
import { versionAt, versionsInForce } from '../services/versions.js';
import type { ExportDocument } from '../schemas/export-document.js';

type Problems = FieldProblem[];

/** Epoch ms of an instant in the document; NaN (with a problem recorded) when it is not one. */
function instant(raw: string, path: string, problems: Problems): number {
  try {
    return parseInstant(raw, path);
  } catch (err) {
    if (err instanceof ValidationError) problems.push(...err.errors);
    return Number.NaN;
  }
}

/** Flags every repeat of an id within one list. */
function checkUnique(items: readonly { id: string }[], path: string, what: string, problems: Problems): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) problems.push({ path: `${path}/${i}/id`, message: `duplicate ${what} id "${item.id}"` });
    seen.add(item.id);
  });
  return seen;
}

function checkPeople(doc: ExportDocument, problems: Problems): void {
  const emails = new Map<string, string>();
  doc.people.forEach((p, i) => {
    if (p.timeZone !== null && !isValidZone(p.timeZone)) problems.push({ path: `/people/${i}/timeZone`, message: `unknown IANA time zone "${p.timeZone}"` });
    if (p.email === null) return;
    const owner = emails.get(p.email);
    if (owner !== undefined) problems.push({ path: `/people/${i}/email`, message: `email "${p.email}" already belongs to person "${owner}"` });
    else emails.set(p.email, p.id);
  });
}

function checkCalendars(doc: ExportDocument, problems: Problems): void {
  doc.holidayCalendars.forEach((c, i) => {
    const at = `/holidayCalendars/${i}`;
    if (c.region !== null && !isKnownRegion(c.region)) problems.push({ path: `${at}/region`, message: `unknown holiday region "${c.region}"` });
    c.include.forEach((h, j) => {
      if (!isCalendarDate(h.date)) problems.push({ path: `${at}/include/${j}/date`, message: 'must be a real date "YYYY-MM-DD"' });
    });
    c.exclude.forEach((d, j) => {
      if (!isCalendarDate(d)) problems.push({ path: `${at}/exclude/${j}`, message: 'must be a real date "YYYY-MM-DD"' });
    });
  });
}

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
    const asSaved = versions.map((v) => ({ ...v, scheduleId: s.id }));
    const inForce = versionsInForce(asSaved);
    const current = versionAt(inForce, now);
    const live = new Set(inForce.filter((v) => v === current || v.effectiveFrom > now).map((v) => v.version));
    versions.forEach((v, j) => {
      const problemsOfDoc = validateSchedule(v.document, live.has(v.version) ? known : {});
      for (const p of problemsOfDoc) problems.push({ path: `/schedules/${i}/versions/${j}/document${p.path}`, message: p.message });
    });
    return { id: s.id, versions };
  });
}

function checkOverrides(doc: ExportDocument, known: { people: Set<string>; schedules: Set<string> }, problems: Problems): Configuration['overrides'] {
  return doc.overrides.map((o, i) => {
    const at = `/overrides/${i}`;
    if (!known.schedules.has(o.schedule)) problems.push({ path: `${at}/schedule`, message: `unknown schedule "${o.schedule}"` });
    if (!known.people.has(o.person)) problems.push({ path: `${at}/person`, message: `unknown person "${o.person}"` });
    const start = instant(o.start, `${at}/start`, problems);
    const end = instant(o.end, `${at}/end`, problems);
    if (end <= start) problems.push({ path: `${at}/end`, message: 'must be after start' });
    return {
      id: o.id,
      scheduleId: o.schedule,
      personId: o.person,
      start,
      end,
      note: o.note,
      createdAt: instant(o.createdAt, `${at}/createdAt`, problems),
      createdBy: o.createdBy,
    };
  });
}

function checkChains(doc: ExportDocument, known: { people: Set<string>; schedules: Set<string> }, problems: Problems): Configuration['escalationChains'] {
  return doc.escalationChains.map((c, i) => {
    c.levels.forEach((level, j) =>
      level.targets.forEach((t, k) => {
        const at = `/escalationChains/${i}/levels/${j}/targets/${k}`;
        if ((t.schedule === undefined) === (t.person === undefined)) problems.push({ path: at, message: 'a target names exactly one of "schedule" or "person"' });
        else if (t.schedule !== undefined && !known.schedules.has(t.schedule)) problems.push({ path: `${at}/schedule`, message: `unknown schedule "${t.schedule}"` });
        else if (t.person !== undefined && !known.people.has(t.person)) problems.push({ path: `${at}/person`, message: `unknown person "${t.person}"` });
      }),
    );
    const levels = c.levels.map((l) => ({
      escalateAfterMinutes: l.escalateAfterMinutes,
      targets: l.targets.map((t) => (t.schedule !== undefined ? { schedule: t.schedule } : { person: t.person! })),
    }));
    return { id: c.id, name: c.name, levels, repeat: c.repeat };
  });
}

/**
 * Each imported schedule as the coverage guarantee checks it (spec §6, as for a PUT): its versions
 * in force, its overrides (seq = position: the document lists them oldest first, as they will be
 * stored) and the document's calendars.
 */
export function coverageSubjects(config: Configuration): { id: string; data: ScheduleData }[] {
  const calendars = config.holidayCalendars.map((c): [string, CalendarDef] => [c.id, c]);
  // Grouped in one pass: filtering every override per schedule was schedules × overrides.
  const overridesOf = new Map<string, OverrideInput[]>();
  config.overrides.forEach((o, seq) => {
    const list = overridesOf.get(o.scheduleId) ?? [];
    list.push({ id: o.id, personId: o.personId, start: o.start, end: o.end, seq });
    overridesOf.set(o.scheduleId, list);
  });
  return config.schedules.map((s) => {
    const inForce: ScheduleVersion[] = versionsInForce(s.versions.map((v) => ({ ...v, scheduleId: s.id })));
    const used = new Set(inForce.flatMap((v) => calendarsOf(v.document)));
    return {
      id: s.id,
      data: {
        versions: inForce.map((v) => ({ effectiveFrom: v.effectiveFrom, document: v.document })),
        overrides: (overridesOf.get(s.id) ?? []).sort((a, b) => a.start - b.start),
        calendars: calendars.filter(([id]) => used.has(id)),
      },
    };
  });
}

/**
 * The configuration `doc` describes, checked whole against itself. Throws a ValidationError
 * listing every problem. (The coverage guarantee is checked by the configuration service, with
 * `coverageSubjects`, in the compute pool.)
 */
export function configurationFromImport(doc: ExportDocument, now: number): Configuration {
  const problems: Problems = [];
  const people = checkUnique(doc.people, '/people', 'person', problems);
  const calendars = checkUnique(doc.holidayCalendars, '/holidayCalendars', 'holiday calendar', problems);
  const schedules = checkUnique(doc.schedules, '/schedules', 'schedule', problems);
  checkUnique(doc.overrides, '/overrides', 'override', problems);
  checkUnique(doc.escalationChains, '/escalationChains', 'escalation chain', problems);
  checkPeople(doc, problems);
  checkCalendars(doc, problems);
  const config: Configuration = {
    people: doc.people,
    holidayCalendars: doc.holidayCalendars,
    schedules: checkSchedules(doc, { people, calendars }, now, problems),
    overrides: checkOverrides(doc, { people, schedules }, problems),
    escalationChains: checkChains(doc, { people, schedules }, problems),
  };
  if (problems.length > 0) throw new ValidationError(problems);
  return config;
}
