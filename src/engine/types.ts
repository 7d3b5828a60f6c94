/**
 * Types of the schedule engine: the schedule document as the spec (§4) writes it, and the
 * timeline the engine computes from it. Instants are epoch milliseconds (UTC); local times are
 * strings in the schedule's IANA zone, exactly as the document carries them.
 */

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

export type RotationDoc =
  | { every: string; start: string }
  | { rrule: string; start: string }
  | { per: 'window'; start: string };

export type WeeklySpanDoc =
  | { from: string; to: string } // "FR 17:00" → "MO 09:00"
  | { days: Weekday[]; from: string; to: string }; // "09:00" → "17:00" on each day

export interface HolidaySpanDoc {
  calendar: string;
  from?: string; // "HH:mm", default "00:00"
  to?: string; // "HH:mm" or "24:00", default "24:00"
}

export interface DateRangeDoc {
  start: string; // local date-time "YYYY-MM-DDTHH:mm"
  end: string;
}

export interface ActiveWhenDoc {
  weekly?: WeeklySpanDoc[];
  holidays?: HolidaySpanDoc[];
  dates?: DateRangeDoc[];
}

export interface LayerDoc {
  id: string;
  name?: string;
  participants: string[];
  rotation: RotationDoc;
  activeWhen?: ActiveWhenDoc;
  /** Local date-time: the layer is never active at or after it (spec §4). Absent = never ends. */
  end?: string;
  /** Spec §13: who covers while the assigned person is away. Default "keep". */
  whenAway?: 'next' | 'keep';
}

export interface ScheduleDoc {
  id?: string;
  name: string;
  timeZone: string;
  fallback?: string | null;
  requireCoverage?: boolean;
  layers: LayerDoc[];
}

export type ShiftSource = 'override' | 'layer' | 'fallback' | 'gap';

/** One interval of a final timeline, half-open [start, end). */
export interface Shift {
  start: number;
  end: number;
  personId: string | null;
  source: ShiftSource;
  layerId: string | null;
  overrideId: string | null;
}

/** An override as the engine needs it. A larger `seq` is newer and wins where overrides overlap. */
export interface OverrideInput {
  id: string;
  personId: string;
  start: number;
  end: number;
  seq: number;
}

/** A person's time off (spec §13): [start, end), in instants. */
export interface TimeOffInput {
  id: string;
  personId: string;
  start: number;
  end: number;
}

/** Final-timeline time during which the person on call is away (spec §13 coverage `conflicts`). */
export interface Conflict {
  person: string;
  start: number;
  end: number;
  /** The time-off entry's id. */
  timeOff: string;
}

/**
 * The holiday dates ("YYYY-MM-DD", sorted, unique) of a calendar in one calendar year.
 * Supplied by the caller (src/holidays computes them with date-holidays and caches them), so
 * the engine stays free of I/O. Must be a pure function of its arguments.
 */
export type HolidayLookup = (calendarId: string, year: number) => readonly string[];

/** A problem found by the semantic validator, with a JSON-pointer-like path ("/layers/0/rotation/every"). */
export interface ValidationProblem {
  path: string;
  message: string;
}
