/**
 * The PagerDuty document (README "From PagerDuty"): what PagerDuty's REST API v2 returns for
 * users, schedules and overrides, gathered in one JSON object —
 *
 *   { "since"?, "until"?,                        // the window the schedules were rendered for
 *     "users": [User] | { "users": [User] },     // GET /users (pages concatenated)
 *     "schedules": [Schedule | { "schedule": Schedule }],   // GET /schedules/{id}?since=&until=
 *     "overrides"?: { "<schedule id>": [Override] | { "overrides": [Override] } } }
 *
 * Checked here, every problem with its JSON pointer (a document that is not PagerDuty's is a
 * SourceDocumentError, a 400), and read into typed values; what the mapper cannot express is its
 * business (warnings), not this module's. Everything is bounded so a hostile document costs at
 * most one walk.
 */
import { DateTime } from 'luxon';
import { DocumentReader, isObject, pointerKey } from './document-reader.js';
import { SourceDocumentError } from './types.js';

export const PAGERDUTY_LIMITS = {
  schedules: 2000,
  users: 10_000,
  /** Overrides of all schedules together. */
  overrides: 100_000,
  layersPerSchedule: 100,
  usersPerLayer: 10_000,
  restrictionsPerLayer: 1000,
  /** Rendered final-schedule entries of one schedule. */
  entriesPerSchedule: 100_000,
  string: 1000,
} as const;

/** An instant as PagerDuty wrote it: epoch ms, and the offset (minutes) it was rendered in. */
export interface PdInstant {
  ms: number;
  offset: number;
}

export interface PdUserRef {
  id: string;
  summary: string | null;
}

export interface PdUser {
  id: string;
  name: string | null;
  email: string | null;
  timeZone: string | null;
  path: string;
}

export interface PdRestriction {
  type: 'daily_restriction' | 'weekly_restriction';
  durationSeconds: number;
  /** Seconds after local midnight. */
  startTimeOfDay: number;
  /** ISO 8601: 1 = Monday … 7 = Sunday; null for a daily restriction. */
  startDayOfWeek: number | null;
}

export interface PdLayer {
  id: string | null;
  name: string | null;
  start: PdInstant;
  end: PdInstant | null;
  users: PdUserRef[];
  restrictions: PdRestriction[];
  rotationVirtualStart: PdInstant;
  rotationTurnLengthSeconds: number;
  path: string;
}

export interface PdEntry {
  start: number;
  end: number;
  user: PdUserRef | null;
}

export interface PdSchedule {
  id: string;
  name: string | null;
  timeZone: string;
  /** Null for a flexible (v3, "schedule_v3") schedule, which has rotations instead of layers. */
  layers: PdLayer[] | null;
  /** `final_schedule.rendered_schedule_entries`, null when the document does not carry them. */
  finalEntries: PdEntry[] | null;
  path: string;
}

export interface PdOverride {
  id: string | null;
  start: number;
  end: number;
  user: PdUserRef;
  path: string;
}

export interface PdDocument {
  since: number | null;
  until: number | null;
  users: PdUser[];
  schedules: PdSchedule[];
  /** By source schedule id; `path` points at the list. */
  overrides: { scheduleId: string; path: string; list: PdOverride[] }[];
}

/** "+05:30"-style offsets or Z are required: an instant without one is not PagerDuty's. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const EARLIEST = Date.UTC(1901, 0, 1);
const LATEST = Date.UTC(2199, 0, 1);

/** PagerDuty's shapes over the shared checks; ids and names are never ''. */
class Reader extends DocumentReader {
  constructor() {
    super(PAGERDUTY_LIMITS.string);
  }

  override string(v: unknown, path: string): string | null {
    return super.string(v, path, { nonEmpty: true });
  }

  instant(v: unknown, path: string): PdInstant | null {
    const date = typeof v === 'string' && v.length <= 64 && INSTANT.test(v) ? DateTime.fromISO(v, { setZone: true }) : null;
    if (!date?.isValid) return this.fail(path, 'must be an ISO 8601 date-time with an offset, like "2015-11-06T20:00:00-05:00"');
    const ms = date.toMillis();
    // Rota's range of time (README "Range of time") less a year at each end, so local times and
    // the first handoff (at most a turn, a year, after a layer's start) stay in it too.
    if (ms < EARLIEST || ms >= LATEST) return this.fail(path, 'must lie in the years 1901–2198');
    return { ms, offset: date.offset };
  }

  optionalInstant(v: unknown, path: string): PdInstant | null {
    return v === undefined || v === null ? null : this.instant(v, path);
  }

  userRef(v: unknown, path: string): PdUserRef | null {
    const ref = this.object(v, path);
    if (!ref) return null;
    const id = this.string(ref.id, `${path}/id`);
    const summary = this.optionalString(ref.summary, `${path}/summary`);
    return id === null ? null : { id, summary };
  }
}

/** `{ key: [...] }` (the API's own wrapper) or the bare list. */
function unwrap(v: unknown, key: string): { list: unknown; suffix: string } {
  return isObject(v) && key in v ? { list: v[key], suffix: `/${key}` } : { list: v, suffix: '' };
}

function readUser(r: Reader, v: unknown, path: string): PdUser | null {
  const u = r.object(v, path);
  if (!u) return null;
  const id = r.string(u.id, `${path}/id`);
  const name = r.optionalString(u.name, `${path}/name`);
  const email = r.optionalString(u.email, `${path}/email`);
  const timeZone = r.optionalString(u.time_zone, `${path}/time_zone`);
  return id === null ? null : { id, name, email, timeZone, path };
}

function readRestriction(r: Reader, v: unknown, path: string): PdRestriction | null {
  const o = r.object(v, path);
  if (!o) return null;
  const type = o.type === 'daily_restriction' || o.type === 'weekly_restriction' ? o.type : null;
  if (type === null) r.fail(`${path}/type`, 'must be "daily_restriction" or "weekly_restriction"');
  const period = type === 'weekly_restriction' ? 604_800 : 86_400;
  const durationSeconds = r.integer(o.duration_seconds, `${path}/duration_seconds`, 0, period);
  const clock = typeof o.start_time_of_day === 'string' ? TIME_OF_DAY.exec(o.start_time_of_day) : null;
  const [h, m, s] = clock ? [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)] : [];
  const startTimeOfDay = h !== undefined && h < 24 && m! < 60 && s! < 60 ? h * 3600 + m! * 60 + s! : null;
  if (startTimeOfDay === null) r.fail(`${path}/start_time_of_day`, 'must be a time "HH:mm:ss"');
  // PagerDuty sends start_day_of_week on daily restrictions too (null or a stale value): unused there.
  const startDayOfWeek = type === 'weekly_restriction' ? r.integer(o.start_day_of_week, `${path}/start_day_of_week`, 1, 7) : null;
  if (type === null || durationSeconds === null || startTimeOfDay === null) return null;
  if (type === 'weekly_restriction' && startDayOfWeek === null) return null;
  return { type, durationSeconds, startTimeOfDay, startDayOfWeek };
}

function readLayer(r: Reader, v: unknown, path: string): PdLayer | null {
  const o = r.object(v, path);
  if (!o) return null;
  const id = r.optionalString(o.id, `${path}/id`);
  const name = r.optionalString(o.name, `${path}/name`);
  const start = r.instant(o.start, `${path}/start`);
  const end = r.optionalInstant(o.end, `${path}/end`);
  const rotationVirtualStart = r.instant(o.rotation_virtual_start, `${path}/rotation_virtual_start`);
  // PagerDuty caps a turn at one year.
  const rotationTurnLengthSeconds = r.integer(o.rotation_turn_length_seconds, `${path}/rotation_turn_length_seconds`, 1, 366 * 86_400);
  const users = (r.array(o.users, `${path}/users`, PAGERDUTY_LIMITS.usersPerLayer, 'users') ?? []).map((u, i) => {
    const entry = r.object(u, `${path}/users/${i}`);
    return entry ? r.userRef(entry.user, `${path}/users/${i}/user`) : null;
  });
  const restrictions =
    o.restrictions === undefined || o.restrictions === null
      ? []
      : (r.array(o.restrictions, `${path}/restrictions`, PAGERDUTY_LIMITS.restrictionsPerLayer, 'restrictions') ?? []).map((x, i) =>
          readRestriction(r, x, `${path}/restrictions/${i}`),
        );
  if (start === null || rotationVirtualStart === null || rotationTurnLengthSeconds === null) return null;
  if (users.includes(null) || restrictions.includes(null)) return null;
  return {
    id,
    name,
    start,
    end,
    users: users as PdUserRef[],
    restrictions: restrictions as PdRestriction[],
    rotationVirtualStart,
    rotationTurnLengthSeconds,
    path,
  };
}

function readEntries(r: Reader, v: unknown, path: string): PdEntry[] | null {
  const final = v === undefined || v === null ? null : r.object(v, path);
  if (!final || final.rendered_schedule_entries === undefined || final.rendered_schedule_entries === null) return null;
  const at = `${path}/rendered_schedule_entries`;
  const entries = (r.array(final.rendered_schedule_entries, at, PAGERDUTY_LIMITS.entriesPerSchedule, 'entries') ?? []).map((x, i) => {
    const e = r.object(x, `${at}/${i}`);
    if (!e) return null;
    const start = r.instant(e.start, `${at}/${i}/start`);
    const end = r.instant(e.end, `${at}/${i}/end`);
    const user = e.user === undefined || e.user === null ? null : r.userRef(e.user, `${at}/${i}/user`);
    if (start && end && end.ms <= start.ms) r.fail(`${at}/${i}/end`, 'must be after start');
    return start && end ? { start: start.ms, end: end.ms, user } : null;
  });
  return entries.includes(null) ? null : (entries as PdEntry[]);
}

function readSchedule(r: Reader, v: unknown, path: string): PdSchedule | null {
  const o = r.object(v, path);
  if (!o) return null;
  const id = r.string(o.id, `${path}/id`);
  const name = r.optionalString(o.name, `${path}/name`);
  const timeZone = r.string(o.time_zone, `${path}/time_zone`);
  const flexible = o.type === 'schedule_v3' || (o.schedule_layers === undefined && Array.isArray(o.rotations));
  const layers = flexible
    ? null
    : (r.array(o.schedule_layers, `${path}/schedule_layers`, PAGERDUTY_LIMITS.layersPerSchedule, 'layers') ?? []).map((l, i) =>
        readLayer(r, l, `${path}/schedule_layers/${i}`),
      );
  const finalEntries = flexible ? null : readEntries(r, o.final_schedule, `${path}/final_schedule`);
  if (id === null || timeZone === null || layers?.includes(null)) return null;
  return { id, name, timeZone, layers: layers as PdLayer[] | null, finalEntries, path };
}

function readOverrides(r: Reader, v: unknown): PdDocument['overrides'] {
  if (v === undefined || v === null) return [];
  const byId = r.object(v, '/overrides');
  if (!byId) return [];
  const out: PdDocument['overrides'] = [];
  let total = 0;
  for (const [scheduleId, value] of Object.entries(byId)) {
    const base = `/overrides/${pointerKey(scheduleId)}`;
    const { list, suffix } = unwrap(value, 'overrides');
    const items = r.array(list, base + suffix, PAGERDUTY_LIMITS.overrides, 'overrides') ?? [];
    total += items.length;
    if (total > PAGERDUTY_LIMITS.overrides) {
      r.fail('/overrides', `at most ${PAGERDUTY_LIMITS.overrides} overrides in all`);
      return [];
    }
    const parsed = items.map((x, i) => {
      const path = `${base}${suffix}/${i}`;
      const o = r.object(x, path);
      if (!o) return null;
      const id = r.optionalString(o.id, `${path}/id`);
      const start = r.instant(o.start, `${path}/start`);
      const end = r.instant(o.end, `${path}/end`);
      const user = r.userRef(o.user, `${path}/user`);
      return start && end && user ? { id, start: start.ms, end: end.ms, user, path } : null;
    });
    if (!parsed.includes(null)) out.push({ scheduleId, path: base + suffix, list: parsed as PdOverride[] });
  }
  return out;
}

/** The document read and checked; throws SourceDocumentError naming every problem's path. */
export function readPagerDutyDocument(document: unknown): PdDocument {
  const r = new Reader();
  const doc = r.object(document, '');
  if (!doc) throw new SourceDocumentError(r.problems);
  const since = r.optionalInstant(doc.since, '/since');
  const until = r.optionalInstant(doc.until, '/until');
  if (since && until && until.ms <= since.ms) r.fail('/until', 'must be after since');

  const users = unwrap(doc.users, 'users');
  const userList = r.array(users.list, `/users${users.suffix}`, PAGERDUTY_LIMITS.users, 'users') ?? [];
  const readUsers = userList.map((u, i) => readUser(r, u, `/users${users.suffix}/${i}`));

  // GET /schedules answers { "schedules": [...] } too (without final schedules: fine, no verification).
  const scheduleWrap = unwrap(doc.schedules, 'schedules');
  const scheduleList = r.array(scheduleWrap.list, `/schedules${scheduleWrap.suffix}`, PAGERDUTY_LIMITS.schedules, 'schedules') ?? [];
  const schedules = scheduleList.map((s, i) => {
    const { list, suffix } = unwrap(s, 'schedule');
    return readSchedule(r, list, `/schedules${scheduleWrap.suffix}/${i}${suffix}`);
  });
  const overrides = readOverrides(r, doc.overrides);
  r.throwProblems();
  return {
    since: since?.ms ?? null,
    until: until?.ms ?? null,
    users: readUsers as PdUser[],
    schedules: schedules as PdSchedule[],
    overrides,
  };
}
