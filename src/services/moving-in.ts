/**
 * Moving in from another on-call tool (spec §16). A source mapper (src/importers) turns what the
 * tool's API returned into Rota's documents; this service fits them to what is stored — people
 * matched by email keep their stored ids, new ids never take a stored one — holds the result to
 * the rules its own PUTs and POSTs are held to (a mapper bug must not store garbage), verifies it
 * against the timeline the source rendered, and, unless it is a dry run, applies it in one
 * transaction under the coverage guarantee (§6).
 */
import { calendarsOf, validateSchedule, type OverrideInput, type ScheduleDoc } from '../engine/index.js';
import type { CalendarDef } from '../holidays/index.js';
import { SourceDocumentError, uniqueSlugs, type ExpectedTimeline, type ImportWarning, type Source, type SourceImport, type SourceMapper } from '../importers/index.js';
import type { ComputePool } from '../compute/pool.js';
import type { ScheduleData } from '../compute/tasks.js';
import type { Actor, Repositories } from '../db/index.js';
import type { Additions } from '../db/repos/configuration.js';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import type { Person } from '../records.js';
import { toIso } from '../render/wire.js';
import { LIMITS, SLUG_PATTERN } from '../schemas/common.js';
import { assertCovered } from './coverage-guard.js';
import { windowProblems } from './instants.js';
import { overrideProblems } from './overrides.js';
import { personProblems } from './people.js';
import { rotationStartProblems } from './schedules.js';
import type { TimelineCache } from './timeline-cache.js';

export type Mappers = Record<Source, SourceMapper>;

export interface ImportOptions {
  /** Report only: store nothing. */
  dryRun: boolean;
  /** Imported schedules require coverage (§6): a gap within 365 days is a 409. Default false. */
  requireCoverage: boolean;
}

/** A person of the report: a Rota person document, and whether it is a stored one (matched by email). */
export interface ReportPerson {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timeZone: string | null;
  matched: boolean;
}

export interface ReportDifference {
  start: string;
  end: string;
  expected: string | null;
  got: string | null;
}

/** What an import made and how it compares with the source (spec §16); instants ISO. */
export interface ImportReport {
  people: ReportPerson[];
  schedules: ScheduleDoc[];
  overrides: { schedule: string; person: string; start: string; end: string; note: string | null }[];
  warnings: ImportWarning[];
  verification: { schedule: string; from: string; to: string; agreement: number; differences: ReportDifference[] }[];
  /** Whether it was stored (false for a dry run). */
  applied: boolean;
}

/** Characters of a person's email and time zone, as the people route takes them. */
const EMAIL_LENGTH = 320;
const ZONE_LENGTH = 64;
const SLUG = new RegExp(SLUG_PATTERN);
/** Verifications per worker task: a long window of a detailed schedule is most of a task's deadline. */
const VERIFY_BATCH = 20;

/** The mapper's result, or a 400 naming the paths of the source document it could not read. */
function mapped(mapper: SourceMapper, document: unknown): SourceImport {
  try {
    return mapper(document);
  } catch (err) {
    if (err instanceof SourceDocumentError) throw new ValidationError(err.problems);
    throw err;
  }
}

/** An import fitted to what is stored: final ids everywhere, nothing checked yet. */
interface Plan {
  people: ReportPerson[];
  schedules: ScheduleDoc[];
  overrides: (OverrideInput & { scheduleId: string; note: string | null })[];
  expected: ExpectedTimeline[];
}

/**
 * Final ids for `proposed` ids, asked in order: each keeps its own unless a stored one has it, or
 * an earlier one was given it (a mapper's slip), then the next free `id-2`, `id-3` … — free of
 * the stored ids and of every proposed one.
 */
function idsAvoiding(stored: ReadonlySet<string>, proposed: readonly string[]): (id: string) => string {
  const next = uniqueSlugs([...stored, ...proposed]);
  const given = new Set<string>();
  return (id) => {
    const free = stored.has(id) || given.has(id) ? next(id) : id;
    given.add(free);
    return free;
  };
}

/** `doc` naming people by their final ids (unknown ones stay, for validateSchedule to name). */
function renamed(doc: ScheduleDoc, id: string, personId: (id: string) => string, requireCoverage: boolean): ScheduleDoc {
  const layers = Array.isArray(doc.layers)
    ? doc.layers.map((l) => (Array.isArray(l?.participants) ? { ...l, participants: l.participants.map(personId) } : l))
    : doc.layers;
  return { ...doc, id, requireCoverage, ...(typeof doc.fallback === 'string' ? { fallback: personId(doc.fallback) } : {}), layers };
}

function plan(source: SourceImport, stored: { people: readonly Person[]; schedules: ReadonlySet<string> }, requireCoverage: boolean): Plan {
  const byEmail = new Map<string, ReportPerson>();
  for (const { id, name, email, phone, timeZone } of stored.people) {
    if (email !== null) byEmail.set(email.toLowerCase(), { id, name, email, phone, timeZone, matched: true });
  }
  const freePersonId = idsAvoiding(new Set(stored.people.map((p) => p.id)), source.people.map((p) => p.id));
  const personIds = new Map<string, string>();
  const people = new Map<string, ReportPerson>();
  for (const p of source.people) {
    const email = p.email?.toLowerCase() ?? null;
    // A source listing one email twice makes one person of it, as a stored one would be.
    let person = email === null ? undefined : byEmail.get(email);
    if (!person) {
      person = { id: freePersonId(p.id), name: p.name, email, phone: null, timeZone: p.timeZone, matched: false };
      if (email !== null) byEmail.set(email, person);
    }
    personIds.set(p.id, person.id);
    people.set(person.id, person);
  }
  const personId = (id: string) => personIds.get(id) ?? id;
  const freeScheduleId = idsAvoiding(stored.schedules, source.schedules.map((s) => s.id));
  const scheduleIds = new Map(source.schedules.map((s) => [s.id, freeScheduleId(s.id)]));
  const scheduleId = (id: string) => scheduleIds.get(id) ?? id;
  return {
    people: [...people.values()],
    schedules: source.schedules.map((s) => renamed(s.document, scheduleId(s.id), personId, requireCoverage)),
    // Later in the list is newer (a larger seq): it wins where two overlap, as stored ones do.
    overrides: source.overrides.map((o, i) => ({
      id: `import-${i}`,
      seq: i + 1,
      scheduleId: scheduleId(o.schedule),
      personId: personId(o.person),
      start: o.start,
      end: o.end,
      note: o.note,
    })),
    expected: source.expected.map((e) => ({ ...e, schedule: scheduleId(e.schedule), entries: e.entries.map((x) => ({ ...x, person: x.person === null ? null : personId(x.person) })) })),
  };
}

/** A created person's problems (`/people/i/...` of the report), as the people route would find them. */
function newPersonProblems(p: ReportPerson, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!SLUG.test(p.id)) problems.push({ path: `${at}/id`, message: `"${p.id}" is not a slug id` });
  if (typeof p.name !== 'string' || p.name.trim() === '' || p.name.length > LIMITS.name) {
    problems.push({ path: `${at}/name`, message: `name must be 1–${LIMITS.name} characters` });
  }
  if (p.email !== null && (p.email.length > EMAIL_LENGTH || !p.email.includes('@'))) problems.push({ path: `${at}/email`, message: `"${p.email}" is not an email` });
  if (p.timeZone !== null && p.timeZone.length > ZONE_LENGTH) problems.push({ path: `${at}/timeZone`, message: 'time zone name too long' });
  else problems.push(...personProblems(p).map((e) => ({ ...e, path: `${at}${e.path}` })));
  return problems;
}

function instantProblems(ms: number, at: string): FieldProblem[] {
  return Number.isSafeInteger(ms) ? [] : [{ path: at, message: 'must be an instant (epoch milliseconds)' }];
}

/** Every problem of the fitted import, at its path in the report (`/schedules/2/layers/0/...`). */
function problemsOf(p: Plan, known: { people: ReadonlySet<string>; calendars: ReadonlySet<string> }, now: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  p.people.forEach((person, i) => {
    if (!person.matched) problems.push(...newPersonProblems(person, `/people/${i}`));
  });
  const schedules = new Set<string>();
  p.schedules.forEach((doc, i) => {
    const found = validateSchedule(doc, known);
    // rotationStartProblems reads a document validateSchedule vouched for.
    for (const e of found.length > 0 ? found : rotationStartProblems(doc, now)) problems.push({ path: `/schedules/${i}${e.path}`, message: e.message });
    schedules.add(doc.id!);
  });
  p.overrides.forEach((o, i) => {
    const at = `/overrides/${i}`;
    if (!schedules.has(o.scheduleId)) problems.push({ path: `${at}/schedule`, message: `unknown schedule "${o.scheduleId}"` });
    problems.push(...instantProblems(o.start, `${at}/start`), ...instantProblems(o.end, `${at}/end`));
    problems.push(...overrideProblems(o, known.people).map((e) => ({ ...e, path: `${at}${e.path}` })));
    if (o.note !== null && o.note.length > LIMITS.note) problems.push({ path: `${at}/note`, message: `at most ${LIMITS.note} characters` });
  });
  p.expected.forEach((e, i) => {
    const at = `/verification/${i}`;
    if (!schedules.has(e.schedule)) problems.push({ path: `${at}/schedule`, message: `unknown schedule "${e.schedule}"` });
    problems.push(...instantProblems(e.from, `${at}/from`), ...instantProblems(e.to, `${at}/to`));
    // A final timeline fetched for more than three years is more than a timeline question may cover (§7).
    problems.push(...windowProblems(e.from, e.to, at).map((w) => ({ ...w, message: `${w.message}: fetch the source's final timeline for a shorter window` })));
  });
  return problems;
}

/** What a worker needs of an imported schedule: its one version, its overrides, no time off (the source knows none). */
function dataOf(doc: ScheduleDoc, overrides: readonly OverrideInput[], calendars: ReadonlyMap<string, CalendarDef>, at: number): ScheduleData {
  return {
    versions: [{ effectiveFrom: at, document: doc }],
    overrides: [...overrides].sort((a, b) => a.start - b.start),
    calendars: calendarsOf(doc).flatMap((id) => {
      const def = calendars.get(id);
      return def ? [[id, def] as [string, CalendarDef]] : [];
    }),
    timeOff: [],
  };
}

export type MovingInService = ReturnType<typeof movingInService>;

export function movingInService(deps: { repos: Repositories; timelines: TimelineCache; pool: ComputePool; now: () => number; mappers: Mappers }) {
  const { repos, timelines, pool, now, mappers } = deps;

  async function verify(checks: { data: ScheduleData; expected: ExpectedTimeline }[]): Promise<ImportReport['verification']> {
    const out: ImportReport['verification'] = [];
    // One batch after another: the pool's queue is bounded, and an import may bring thousands.
    for (let b = 0; b < checks.length; b += VERIFY_BATCH) {
      const batch = checks.slice(b, b + VERIFY_BATCH);
      (await pool.verify({ checks: batch })).forEach(({ agreement, differences }, i) => {
        const { expected } = batch[i]!;
        out.push({
          schedule: expected.schedule,
          from: toIso(expected.from),
          to: toIso(expected.to),
          agreement,
          differences: differences.map((d) => ({ ...d, start: toIso(d.start), end: toIso(d.end) })),
        });
      });
    }
    return out;
  }

  async function run(source: SourceImport, options: ImportOptions, actor: Actor): Promise<ImportReport> {
    const at = now();
    const storedPeople = await repos.people.list();
    const calendars = await timelines.calendarDefs();
    const p = plan(source, { people: storedPeople, schedules: new Set(await repos.schedules.listIds()) }, options.requireCoverage);
    const known = { people: new Set([...storedPeople.map((s) => s.id), ...p.people.map((s) => s.id)]), calendars: new Set(calendars.keys()) };
    const problems = problemsOf(p, known, at);
    if (problems.length > 0) throw new ValidationError(problems);

    const overridesOf = new Map<string, OverrideInput[]>();
    for (const o of p.overrides) {
      const list = overridesOf.get(o.scheduleId) ?? [];
      list.push(o);
      overridesOf.set(o.scheduleId, list);
    }
    const data = new Map(p.schedules.map((doc) => [doc.id!, dataOf(doc, overridesOf.get(doc.id!) ?? [], calendars, at)]));
    if (options.requireCoverage) await assertCovered(pool, [...data].map(([id, d]) => ({ id, data: d })), at, 'the import');
    const verification = await verify(p.expected.map((expected) => ({ data: data.get(expected.schedule)!, expected })));
    if (!options.dryRun) {
      const additions: Additions = {
        people: p.people.filter((person) => !person.matched).map(({ matched: _, ...person }) => person),
        schedules: p.schedules.map((document) => ({ id: document.id!, document })),
        overrides: p.overrides.map(({ scheduleId, personId, start, end, note }) => ({ scheduleId, personId, start, end, note })),
      };
      await repos.configuration.add(additions, actor, at);
    }
    return {
      people: p.people,
      schedules: p.schedules,
      overrides: p.overrides.map((o) => ({ schedule: o.scheduleId, person: o.personId, start: toIso(o.start), end: toIso(o.end), note: o.note })),
      warnings: source.warnings,
      verification,
      applied: !options.dryRun,
    };
  }

  return {
    /**
     * Imports `document` as the tool `source`'s API returned it: the report, and with
     * `dryRun: false` everything stored in one transaction. 404 for an unknown source, 400 for a
     * document the mapper cannot read or a result that breaks a rule, 409 when `requireCoverage`
     * and an imported schedule would have a gap within 365 days.
     */
    async importFrom(source: string, document: unknown, options: ImportOptions, actor: Actor): Promise<ImportReport> {
      if (!Object.hasOwn(mappers, source)) throw new NotFoundError('import source', source);
      const imported = mapped(mappers[source as Source], document);
      // Applying decides against the stored people and ids: nothing else may write in between.
      return options.dryRun ? run(imported, options, actor) : repos.exclusive(() => run(imported, options, actor));
    },
  };
}
