/**
 * The computations that run in the compute pool's worker threads (see pool.ts): final timelines,
 * coverage, the gaps the coverage guarantee looks for, the current shift of many schedules, one
 * person's shifts in many schedules, iCal feeds' text, and how imported schedules agree with the
 * timelines their source rendered (spec §16).
 * Tasks carry plain data (schedule documents, overrides, calendar definitions) because a worker
 * shares nothing with the main thread; each task compiles what it needs. Pure: no I/O, no clock.
 */
import {
  calendarsOf,
  compileSchedule,
  computeCoverage,
  computeLayerTimelines,
  computeTimeline,
  shiftAt,
  SHIFT_HORIZON,
  stretchesOf,
  type Stretch,
  TimelineTooLargeError,
  type AtShift,
  type Coverage,
  type Interval,
  type LayerTimeline,
  type OverrideInput,
  type ScheduleDoc,
  type Shift,
  type ShiftSource,
  type TimelineInput,
  type TimeOffInput,
  versionSpans,
} from '../engine/index.js';
import { holidayLookup, type CalendarDef } from '../holidays/index.js';
import { renderFeed, type FeedDocument } from '../feeds/render.js';
import { compareTimelines, type Agreement } from '../importers/verification.js';
import type { ExpectedTimeline } from '../importers/types.js';
import { timelineJson } from '../render/wire.js';
import type { Person } from '../records.js';

/** What a worker needs to know of one schedule. */
export interface ScheduleData {
  /** The versions in force, by effectiveFrom (the first also answers before it). */
  versions: { effectiveFrom: number; document: ScheduleDoc }[];
  /** Overrides relevant to the question (at least those overlapping its window), sorted by start. */
  overrides: OverrideInput[];
  /** The definitions of the calendars the versions use. */
  calendars: [string, CalendarDef][];
  /** Time off of the schedule's people (at least the entries overlapping the window); absent = none. */
  timeOff?: TimeOffInput[];
}

export type ComputeTask =
  | { kind: 'timeline'; data: ScheduleData; from: number; to: number; layers: boolean; coverage: boolean }
  | { kind: 'gaps'; schedules: ScheduleData[]; from: number; to: number }
  | { kind: 'shiftsAt'; schedules: ScheduleData[]; at: number; cache: boolean }
  | { kind: 'stretches'; schedules: ScheduleData[]; from: number; to: number }
  | { kind: 'personShifts'; schedules: ScheduleData[]; person: string; from: number; to: number }
  | { kind: 'renderFeed'; doc: FeedDocument }
  | { kind: 'verify'; checks: { data: ScheduleData; expected: ExpectedTimeline }[] };

/** A timeline answer written as JSON, streamed by the worker (see worker.ts and the pool's `timelineJson`). */
export interface TimelineJsonTask {
  kind: 'timelineJson';
  data: ScheduleData;
  from: number;
  to: number;
  layers: boolean;
  coverage: boolean;
  people: Person[];
  envelope: Record<string, unknown>;
}

/** Who holds the final shift that begins at `start`, the end of the shift before it (spec §7 `next`). */
export interface NextShift {
  personId: string | null;
  source: ShiftSource;
  start: number;
}

/** The final shift containing an instant and the one that follows it (null when the shift's end is unknown). */
export interface ShiftAndNext {
  shift: AtShift;
  next: NextShift | null;
}

/** The final shift containing `at`, its bounds searched `horizon` either side (null beyond), and the next. */
export interface CachedShift extends ShiftAndNext {
  at: number;
  horizon: number;
}

/**
 * The holder at `start`. A final timeline's holder at an instant does not depend on the window it
 * is computed over, so a one-millisecond window answers it without computing the next shift's end.
 */
function nextShiftAt(input: TimelineInput, start: number): NextShift {
  const [first] = computeTimeline(input, start, start + 1);
  return { personId: first!.personId, source: first!.source, start };
}

/**
 * The shift at `at` and the next one; for a question about the present (`cache`), with its bounds
 * searched twice the spec's horizon away, so the answer can be cached while the present moves on
 * (see cachedAnswer in services/timeline-cache.ts); a schedule too detailed for that (a 15-minute
 * layer of one person) is searched only as far as the spec asks.
 */
export function shiftForCache(input: TimelineInput, at: number, cache: boolean): CachedShift {
  const withNext = (horizon: number): CachedShift => {
    const shift = shiftAt(input, at, horizon);
    return { at, horizon, shift, next: shift.end === null ? null : nextShiftAt(input, shift.end) };
  };
  if (!cache) return withNext(SHIFT_HORIZON);
  try {
    return withNext(2 * SHIFT_HORIZON);
  } catch (err) {
    if (!(err instanceof TimelineTooLargeError)) throw err;
    return withNext(SHIFT_HORIZON);
  }
}

export interface TimelineResult {
  shifts: Shift[];
  layers?: LayerTimeline[];
  coverage?: Coverage;
}

/** What crosses back from a worker: a result, or an error the main thread turns back into its class. */
export type TaskOutcome<T> = { ok: T } | { tooLarge: string };

export function inputOf(data: ScheduleData): TimelineInput {
  return {
    versions: data.versions.map((v) => ({ effectiveFrom: v.effectiveFrom, schedule: compileSchedule(v.document) })),
    overrides: data.overrides,
    timeOff: data.timeOff,
    holidays: holidayLookup(new Map(data.calendars)),
  };
}

/**
 * Coverage of `shifts` over [from, to): night/weekend/holiday figures are local to the zone of
 * the version in force at `from`; holidays are those of every calendar the window's versions use.
 */
export function coverageOf(input: TimelineInput, shifts: readonly Shift[], from: number, to: number): Coverage {
  const spans = versionSpans(input.versions, from, to);
  const timeZone = spans[0]?.version.schedule.timeZone ?? 'UTC';
  const calendars = new Set(spans.flatMap((s) => calendarsOf(s.version.schedule.doc)));
  const holidayDates = new Set<string>();
  // Local dates can sit one calendar year off the UTC year at either end of the window.
  const firstYear = new Date(from).getUTCFullYear() - 1;
  const lastYear = new Date(to).getUTCFullYear() + 1;
  for (const calendar of calendars) {
    for (let year = firstYear; year <= lastYear; year++) for (const d of input.holidays(calendar, year)) holidayDates.add(d);
  }
  return computeCoverage(shifts, { timeZone, holidayDates, timeOff: input.timeOff }, from, to);
}

/**
 * Gaps in [from, to) that fall under a version requiring coverage (spec §6): the question the
 * coverage guarantee asks before a write.
 */
export function uncoveredGaps(data: ScheduleData, input: TimelineInput, from: number, to: number): Interval[] {
  const gaps: Interval[] = [];
  for (const span of versionSpans(data.versions, from, to)) {
    if (span.version.document.requireCoverage === false) continue;
    for (const s of computeTimeline(input, span.from, span.to)) if (s.source === 'gap') gaps.push({ start: s.start, end: s.end });
  }
  return gaps;
}

function timeline(task: Extract<ComputeTask, { kind: 'timeline' }>): TimelineResult {
  const input = inputOf(task.data);
  const shifts = computeTimeline(input, task.from, task.to);
  return {
    shifts,
    ...(task.layers ? { layers: computeLayerTimelines(input, task.from, task.to) } : {}),
    ...(task.coverage ? { coverage: coverageOf(input, shifts, task.from, task.to) } : {}),
  };
}

/**
 * A timeline answer as JSON text in pieces (see timelineJson in render/wire.ts), embedding the
 * people it names. The timeline is computed before the first piece is asked for, so an answer too
 * large for the budget fails before anything is written.
 */
export function timelinePieces(task: TimelineJsonTask): Iterable<string> {
  const parts = timeline({ ...task, kind: 'timeline' });
  return timelineJson(task.envelope, parts, new Map(task.people.map((p) => [p.id, p])));
}

/**
 * Who holds each schedule when over [from, to) (the notifier's view, see engine/notices.ts); null
 * for a schedule too detailed to compute over that window.
 */
function stretchesOfEach(task: Extract<ComputeTask, { kind: 'stretches' }>): (Stretch[] | null)[] {
  return task.schedules.map((s) => {
    try {
      return stretchesOf(computeTimeline(inputOf(s), task.from, task.to), task.from, task.to);
    } catch (err) {
      if (err instanceof TimelineTooLargeError) return null;
      throw err;
    }
  });
}

/** Per schedule, the final shifts of [from, to) that `person` holds (clipped to the window). */
function personShifts(task: Extract<ComputeTask, { kind: 'personShifts' }>): Shift[][] {
  return task.schedules.map((s) => computeTimeline(inputOf(s), task.from, task.to).filter((shift) => shift.personId === task.person));
}

/**
 * Per check, Rota's final timeline over the expected window compared with the source's (only
 * the figures cross back, not the timeline).
 */
function verify(task: Extract<ComputeTask, { kind: 'verify' }>): Agreement[] {
  return task.checks.map(({ data, expected }) => compareTimelines(expected, computeTimeline(inputOf(data), expected.from, expected.to)));
}

export function runTask(task: ComputeTask): TimelineResult | Interval[][] | CachedShift[] | (Stretch[] | null)[] | Shift[][] | Agreement[] | string {
  switch (task.kind) {
    case 'timeline':
      return timeline(task);
    case 'gaps':
      return task.schedules.map((s) => uncoveredGaps(s, inputOf(s), task.from, task.to));
    case 'shiftsAt':
      return task.schedules.map((s) => shiftForCache(inputOf(s), task.at, task.cache));
    case 'stretches':
      return stretchesOfEach(task);
    case 'personShifts':
      return personShifts(task);
    case 'renderFeed':
      return renderFeed(task.doc);
    case 'verify':
      return verify(task);
  }
}

/** The worker's entry: errors the caller must tell apart are returned, not thrown (classes do not cross threads). */
export function runTaskSafely(task: ComputeTask): TaskOutcome<ReturnType<typeof runTask>> {
  try {
    return { ok: runTask(task) };
  } catch (err) {
    if (err instanceof TimelineTooLargeError) return { tooLarge: err.message };
    throw err;
  }
}
