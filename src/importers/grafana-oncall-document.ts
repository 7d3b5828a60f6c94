/**
 * The Grafana OnCall export document (README "From Grafana OnCall"): what its public API (v1)
 * returns for users, schedules, on-call shifts and, optionally, each schedule's final shifts,
 * checked and read into typed records. Fields the mapper does not use are ignored, so newer API
 * versions that add fields still import; a document that is not the API's is refused with every
 * problem's JSON pointer.
 */
import { WEEKDAYS } from '../engine/weekdays.js';
import { DocumentReader, isObject, pointerKey } from './document-reader.js';

const LIMITS = { schedules: 2_000, users: 10_000, shifts: 100_000, finalShifts: 100_000, string: 1_000 } as const;

export interface GoUser {
  /** JSON pointer of the record in the document. */
  path: string;
  id: string;
  email: string | null;
  username: string;
  timezone: string | null;
}

export interface GoSchedule {
  path: string;
  id: string;
  name: string;
  /** `web` (made in the UI), `calendar` (made through the API/Terraform) or `ical` (an external calendar). */
  type: string;
  time_zone: string | null;
  /** Shift ids (calendar schedules; web schedules list them too on newer versions). */
  shifts: string[] | null;
  ical_url_overrides: string | null;
}

export interface GoShift {
  path: string;
  id: string;
  name: string | null;
  type: string;
  /** The schedule it belongs to (web schedules), else the first schedule listing it. */
  schedule: string | null;
  time_zone: string | null;
  level: number;
  start: string;
  /** Seconds. */
  duration: number;
  rotation_start: string | null;
  frequency: string | null;
  interval: number | null;
  until: string | null;
  week_start: string | null;
  by_day: string[] | null;
  by_month: number[] | null;
  by_monthday: number[] | null;
  users: string[];
  rolling_users: string[][] | null;
  start_rotation_from_user_index: number | null;
}

export interface GoFinalShift {
  user_pk: string;
  user_email: string | null;
  user_username: string | null;
  shift_start: string;
  shift_end: string;
}

export interface GoFinalShifts {
  path: string;
  /** Pointer of `results`. */
  resultsPath: string;
  start_date: string | null;
  end_date: string | null;
  results: GoFinalShift[];
}

export interface GoDocument {
  users: GoUser[];
  schedules: GoSchedule[];
  shifts: GoShift[];
  /** Keyed by schedule id. */
  finalShifts: Map<string, GoFinalShifts>;
}

const SHIFT_TYPES = ['single_event', 'recurrent_event', 'rolling_users', 'override'];
const FREQUENCIES = ['hourly', 'daily', 'weekly', 'monthly'];
/** The API's naive local date-time ("2020-09-10T08:00:00"). */
const NAIVE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
/** An instant as final_shifts writes it ("2023-01-02T09:00:00Z", fractions and offsets allowed). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** final_shifts' start_date / end_date query parameters (UTC): "%Y-%m-%d" or "%Y-%m-%dT%H:%M". */
const QUERY_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/;

/** Grafana OnCall's shapes over the shared checks; each read returns a usable value so reading goes on. */
class Reader extends DocumentReader {
  constructor() {
    super(LIMITS.string);
  }

  /** A list as the API returns it: the array itself or a page `{ results: [...] }`. */
  list(v: unknown, path: string, max: number, what: string): { items: unknown[]; path: string } {
    const page = isObject(v) && 'results' in v;
    const at = page ? `${path}/results` : path;
    return { items: this.array(page ? v.results : v, at, max, what, ` (or the API's page { "results": [...] })`) ?? [], path: at };
  }

  /** A string ('' when bad) matching `pattern` when given (`hint` says what it must be). */
  text(v: unknown, path: string, pattern?: RegExp, hint?: string): string {
    const text = this.string(v, path);
    if (text === null) return '';
    if (!pattern || pattern.test(text)) return text;
    this.fail(path, `must be ${hint}`);
    return '';
  }

  nullableString(v: unknown, path: string, pattern?: RegExp, hint?: string): string | null {
    return v === undefined || v === null ? null : this.text(v, path, pattern, hint);
  }

  choice(v: unknown, path: string, values: readonly string[]): string {
    return this.oneOf(v, path, values) ?? values[0]!;
  }

  whole(v: unknown, path: string, min: number, max: number): number {
    return this.integer(v, path, min, max) ?? min;
  }

  nullableInteger(v: unknown, path: string, min: number, max: number): number | null {
    return v === undefined || v === null ? null : this.whole(v, path, min, max);
  }

  strings(v: unknown, path: string, max: number, item: (s: unknown, at: string) => string): string[] {
    return (this.array(v, path, max) ?? []).map((s, i) => item(s, `${path}/${i}`));
  }

  integers(v: unknown, path: string, min: number, max: number): number[] | null {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || v.length > 31) {
      this.fail(path, 'must be an array of at most 31 integers');
      return null;
    }
    return v.map((n, i) => this.whole(n, `${path}/${i}`, min, max));
  }
}

function readUser(r: Reader, v: unknown, path: string): GoUser {
  const o = r.object(v, path) ?? {};
  return {
    path,
    id: r.text(o.id, `${path}/id`),
    email: r.nullableString(o.email, `${path}/email`),
    username: r.text(o.username, `${path}/username`),
    timezone: r.nullableString(o.timezone, `${path}/timezone`),
  };
}

function readSchedule(r: Reader, v: unknown, path: string): GoSchedule {
  const o = r.object(v, path) ?? {};
  return {
    path,
    id: r.text(o.id, `${path}/id`),
    name: r.text(o.name, `${path}/name`),
    type: r.choice(o.type, `${path}/type`, ['web', 'calendar', 'ical']),
    time_zone: r.nullableString(o.time_zone, `${path}/time_zone`),
    shifts:
      o.shifts === undefined || o.shifts === null
        ? null
        : r.strings(o.shifts, `${path}/shifts`, LIMITS.shifts, (s, at) => r.text(s, at)),
    ical_url_overrides: r.nullableString(o.ical_url_overrides, `${path}/ical_url_overrides`),
  };
}

const MAX_GROUP = 1_000;

function readShift(r: Reader, v: unknown, path: string): GoShift {
  const o = r.object(v, path) ?? {};
  const userId = (s: unknown, at: string) => r.text(s, at);
  const naive = (key: string) => r.nullableString(o[key], `${path}/${key}`, NAIVE, 'a local date-time "YYYY-MM-DDTHH:mm:ss"');
  const day = (s: unknown, at: string) => r.choice(s, at, WEEKDAYS);
  return {
    path,
    id: r.text(o.id, `${path}/id`),
    name: r.nullableString(o.name, `${path}/name`),
    type: r.choice(o.type, `${path}/type`, SHIFT_TYPES),
    schedule: r.nullableString(o.schedule, `${path}/schedule`),
    time_zone: r.nullableString(o.time_zone, `${path}/time_zone`),
    level: o.level === undefined || o.level === null ? 0 : r.whole(o.level, `${path}/level`, -1_000_000, 1_000_000),
    start: r.text(o.start, `${path}/start`, NAIVE, 'a local date-time "YYYY-MM-DDTHH:mm:ss"'),
    duration: r.whole(o.duration, `${path}/duration`, 1, 366 * 86_400),
    rotation_start: naive('rotation_start'),
    frequency: o.frequency === undefined || o.frequency === null ? null : r.choice(o.frequency, `${path}/frequency`, FREQUENCIES),
    interval: r.nullableInteger(o.interval, `${path}/interval`, 1, 1_000),
    until: naive('until'),
    week_start: o.week_start === undefined || o.week_start === null ? null : r.choice(o.week_start, `${path}/week_start`, WEEKDAYS),
    by_day: o.by_day === undefined || o.by_day === null ? null : r.strings(o.by_day, `${path}/by_day`, 7, day),
    by_month: r.integers(o.by_month, `${path}/by_month`, 1, 12),
    by_monthday: r.integers(o.by_monthday, `${path}/by_monthday`, -31, 31),
    users: o.users === undefined || o.users === null ? [] : r.strings(o.users, `${path}/users`, MAX_GROUP, userId),
    rolling_users:
      o.rolling_users === undefined || o.rolling_users === null
        ? null
        : (Array.isArray(o.rolling_users) && o.rolling_users.length <= MAX_GROUP
            ? o.rolling_users.map((g, i) => r.strings(g, `${path}/rolling_users/${i}`, MAX_GROUP, userId))
            : (r.fail(`${path}/rolling_users`, `must be an array of at most ${MAX_GROUP} arrays of user ids`), [])),
    start_rotation_from_user_index: r.nullableInteger(o.start_rotation_from_user_index, `${path}/start_rotation_from_user_index`, 0, MAX_GROUP),
  };
}

function readFinalShifts(r: Reader, v: unknown, path: string, budget: { left: number }): GoFinalShifts {
  const o = r.object(v, path) ?? {};
  const hint = 'a date "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm" (UTC), as passed to final_shifts';
  const { items, path: at } = r.list(o.results, `${path}/results`, budget.left, 'final shifts');
  budget.left -= items.length;
  return {
    path,
    resultsPath: at,
    start_date: r.nullableString(o.start_date, `${path}/start_date`, QUERY_DATE, hint),
    end_date: r.nullableString(o.end_date, `${path}/end_date`, QUERY_DATE, hint),
    results: items.map((e, i) => {
      const p = `${at}/${i}`;
      const f = r.object(e, p) ?? {};
      const instant = 'an ISO-8601 instant with Z or an offset';
      return {
        user_pk: r.text(f.user_pk, `${p}/user_pk`),
        user_email: r.nullableString(f.user_email, `${p}/user_email`),
        user_username: r.nullableString(f.user_username, `${p}/user_username`),
        shift_start: r.text(f.shift_start, `${p}/shift_start`, INSTANT, instant),
        shift_end: r.text(f.shift_end, `${p}/shift_end`, INSTANT, instant),
      };
    }),
  };
}

/** The document read and checked; throws a SourceDocumentError naming every problem. */
export function readGrafanaOncallDocument(document: unknown): GoDocument {
  const r = new Reader();
  const root = r.object(document, '') ?? {};
  const users = r.list(root.users, '/users', LIMITS.users, 'users');
  const schedules = r.list(root.schedules, '/schedules', LIMITS.schedules, 'schedules');
  const shifts = r.list(root.on_call_shifts, '/on_call_shifts', LIMITS.shifts, 'on-call shifts');
  const finalShifts = new Map<string, GoFinalShifts>();
  if (root.final_shifts !== undefined) {
    const byId = r.object(root.final_shifts, '/final_shifts') ?? {};
    const keys = Object.keys(byId);
    const budget = { left: LIMITS.finalShifts };
    if (keys.length > LIMITS.schedules) r.fail('/final_shifts', `at most ${LIMITS.schedules} schedules`);
    else for (const id of keys) finalShifts.set(id, readFinalShifts(r, byId[id], `/final_shifts/${pointerKey(id)}`, budget));
  }
  const doc: GoDocument = {
    users: users.items.map((u, i) => readUser(r, u, `${users.path}/${i}`)),
    schedules: schedules.items.map((s, i) => readSchedule(r, s, `${schedules.path}/${i}`)),
    shifts: shifts.items.map((s, i) => readShift(r, s, `${shifts.path}/${i}`)),
    finalShifts,
  };
  r.throwProblems();
  return doc;
}
