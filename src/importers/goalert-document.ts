/**
 * The GoAlert document (README "From GoAlert"): the `data` of one GraphQL answer of GoAlert's
 * `/api/graphql` (users, rotations, schedules with their targets' rules, shifts and temporary
 * schedules, user overrides — each a connection's `nodes`), plus the `window` the `shifts` were
 * asked for. Read by hand so that each problem names its JSON pointer; every list and string is
 * bounded before it is looked into, so an oversized document costs only its length.
 */
import { DocumentReader, type Json } from './document-reader.js';
import { SourceDocumentError } from './types.js';

export const GOALERT_LIMITS = {
  schedules: 2000,
  users: 10_000,
  overrides: 100_000,
  rotations: 10_000,
  /** Targets of one schedule, rules of one target, users of one rotation. */
  perItem: 1000,
  /** Shifts and temporary-schedule shifts, over the whole document. */
  shifts: 100_000,
  /** GoAlert answers at most 50 `nextHandoffTimes`. */
  handoffs: 50,
  string: 1000,
} as const;

export type RotationType = 'hourly' | 'daily' | 'weekly' | 'monthly';

export interface GoalertUser {
  id: string;
  name: string;
  email: string;
}

export interface GoalertRotation {
  id: string;
  name: string;
  /** Instant (ms) the handoff grid is anchored at, exactly as given (GoAlert itself truncates to the minute). */
  start: number;
  /** Seconds and milliseconds of `start` past the minute (a warning when not 0). */
  startSeconds: number;
  timeZone: string;
  type: RotationType;
  shiftLength: number;
  /** Position in `userIDs` of the user on call now; −1 when the rotation has no state yet. */
  activeUserIndex: number;
  userIDs: string[];
  /** Instants (ms) of the next handoffs: the first ends the active user's shift. */
  nextHandoffTimes: number[];
}

export interface GoalertRule {
  /** Minutes after midnight, schedule's zone. */
  start: number;
  end: number;
  /** Seven flags, index 0 = Sunday (GoAlert's WeekdayFilter). */
  weekdayFilter: boolean[];
}

export interface GoalertTarget {
  type: 'rotation' | 'user';
  id: string;
  name: string | null;
  rules: GoalertRule[];
}

export interface GoalertShift {
  userID: string;
  start: number;
  end: number;
}

export interface GoalertTemporarySchedule {
  start: number;
  end: number;
  shifts: GoalertShift[];
}

export interface GoalertSchedule {
  id: string;
  name: string;
  timeZone: string;
  targets: GoalertTarget[];
  /** Absent when the query did not ask for them. */
  shifts: GoalertShift[] | null;
  temporarySchedules: GoalertTemporarySchedule[];
}

export interface GoalertOverride {
  id: string;
  start: number;
  end: number;
  /** null where GoAlert answers "" (an override that only removes, or only adds). */
  addUserID: string | null;
  removeUserID: string | null;
  scheduleID: string;
  /** True when start or end is not on a whole minute (GoAlert computes per minute). */
  offMinute: boolean;
}

export interface GoalertDocument {
  window: { start: number; end: number } | null;
  users: GoalertUser[];
  rotations: GoalertRotation[];
  schedules: GoalertSchedule[];
  overrides: GoalertOverride[];
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ROTATION_TYPES: readonly RotationType[] = ['hourly', 'daily', 'weekly', 'monthly'];

/**
 * RFC 3339 (Go's time.RFC3339Nano, what GoAlert writes) → ms, or null. By hand rather than luxon's
 * fromISO, which costs ~50 µs a call: a document holds up to ~200,000 instants.
 */
function rfc3339(s: string): number | null {
  const m = RFC3339.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return null;
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, se, ms);
  // Feb 30 rolls over into March; the round trip catches that.
  if (date.getUTCDate() !== d) return null;
  const local = date.getTime();
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60_000;
  return local - offset;
}

/** GoAlert's shapes over the shared checks; each read returns a usable default so reading goes on. */
class Reader extends DocumentReader {
  private shiftsLeft = GOALERT_LIMITS.shifts;

  constructor() {
    super(GOALERT_LIMITS.string);
  }

  /** The string at o[key] (see `text`). */
  field(o: Json, key: string, path: string, { empty = false } = {}): string {
    return this.text(o[key], `${path}/${key}`, empty);
  }

  /** `v` when it is a string (non-empty unless `empty`) within the bound; '' otherwise. */
  text(v: unknown, path: string, empty = false): string {
    return this.string(v, path, { nonEmpty: !empty }) ?? '';
  }

  instant(o: Json, key: string, path: string): number {
    return this.time(o[key], `${path}/${key}`);
  }

  /** An ISO timestamp with Z or an offset, as GoAlert writes them, in ms; NaN when bad. */
  time(v: unknown, path: string): number {
    const t = typeof v === 'string' && v.length <= 64 ? rfc3339(v) : null;
    if (t !== null) return t;
    this.fail(path, 'must be an ISO timestamp with Z or an offset');
    return NaN;
  }

  integerField(o: Json, key: string, path: string, min: number, max: number): number {
    return this.integer(o[key], `${path}/${key}`, min, max) ?? min;
  }

  /** The array at o[key] (a GraphQL connection's `nodes` when `nodes`), bounded; [] when bad. */
  list(o: Json, key: string, path: string, max: number, { nodes = false, optional = false } = {}): { items: unknown[]; path: string } {
    let v = o[key];
    let at = `${path}/${key}`;
    if (v === undefined && optional) return { items: [], path: at };
    if (nodes) {
      const connection = this.object(v, at);
      if (!connection) return { items: [], path: at };
      v = connection.nodes;
      at = `${at}/nodes`;
    }
    return { items: this.array(v, at, max) ?? [], path: at };
  }

  /** Draws `n` from the whole document's shift allowance; false (with a problem) once it is spent. */
  spendShifts(n: number, path: string): boolean {
    this.shiftsLeft -= n;
    if (this.shiftsLeft >= 0) return true;
    this.fail(path, `at most ${GOALERT_LIMITS.shifts} shifts in the whole document`);
    return false;
  }
}

function readUser(r: Reader, v: unknown, path: string): GoalertUser {
  const o = r.object(v, path) ?? {};
  return { id: r.field(o, 'id', path), name: r.field(o, 'name', path), email: r.field(o, 'email', path, { empty: true }) };
}

function readRotation(r: Reader, v: unknown, path: string): GoalertRotation {
  const o = r.object(v, path) ?? {};
  const start = r.instant(o, 'start', path);
  const type = o.type as RotationType;
  if (!ROTATION_TYPES.includes(type)) r.fail(`${path}/type`, `must be one of ${ROTATION_TYPES.join(', ')}`);
  const userIDs = r.list(o, 'userIDs', path, GOALERT_LIMITS.perItem);
  // GoAlert answers null (or []) while the rotation has no state yet.
  const handoffs = o.nextHandoffTimes === null ? { items: [], path: '' } : r.list(o, 'nextHandoffTimes', path, GOALERT_LIMITS.handoffs);
  return {
    id: r.field(o, 'id', path),
    name: r.field(o, 'name', path),
    start,
    startSeconds: Number.isNaN(start) ? 0 : ((start % 60_000) + 60_000) % 60_000,
    timeZone: r.field(o, 'timeZone', path),
    type,
    // GoAlert's own bounds (rotation.Normalize: 1–9000).
    shiftLength: r.integerField(o, 'shiftLength', path, 1, 9000),
    activeUserIndex: r.integerField(o, 'activeUserIndex', path, -1, GOALERT_LIMITS.perItem - 1),
    userIDs: userIDs.items.map((v, i) => r.text(v, `${userIDs.path}/${i}`)),
    nextHandoffTimes: handoffs.items.map((v, i) => r.time(v, `${handoffs.path}/${i}`)),
  };
}

function readRule(r: Reader, v: unknown, path: string): GoalertRule {
  const o = r.object(v, path) ?? {};
  const clock = (key: string): number => {
    const m = typeof o[key] === 'string' ? CLOCK.exec(o[key] as string) : null;
    if (m) return Number(m[1]) * 60 + Number(m[2]);
    r.fail(`${path}/${key}`, 'must be a clock time "HH:mm"');
    return 0;
  };
  const filter = o.weekdayFilter;
  const ok = Array.isArray(filter) && filter.length === 7 && filter.every((d) => typeof d === 'boolean');
  if (!ok) r.fail(`${path}/weekdayFilter`, 'must be 7 booleans, Sunday first');
  return { start: clock('start'), end: clock('end'), weekdayFilter: ok ? (filter as boolean[]) : [] };
}

function readTarget(r: Reader, v: unknown, path: string): GoalertTarget {
  const o = r.object(v, path) ?? {};
  const t = r.object(o.target, `${path}/target`) ?? {};
  const type = t.type;
  if (type !== 'rotation' && type !== 'user') r.fail(`${path}/target/type`, 'must be "rotation" or "user" (what a schedule rule targets)');
  const rules = r.list(o, 'rules', path, GOALERT_LIMITS.perItem);
  return {
    type: type === 'user' ? 'user' : 'rotation',
    id: r.field(t, 'id', `${path}/target`),
    name: typeof t.name === 'string' && t.name !== '' ? r.field(t, 'name', `${path}/target`) : null,
    rules: rules.items.map((x, i) => readRule(r, x, `${rules.path}/${i}`)),
  };
}

function readShifts(r: Reader, o: Json, path: string, optional: boolean): GoalertShift[] | null {
  if (optional && o.shifts === undefined) return null;
  const list = r.list(o, 'shifts', path, GOALERT_LIMITS.shifts);
  if (!r.spendShifts(list.items.length, list.path)) return [];
  return list.items.map((v, i) => {
    const at = `${list.path}/${i}`;
    const s = r.object(v, at) ?? {};
    const shift = { userID: r.field(s, 'userID', at), start: r.instant(s, 'start', at), end: r.instant(s, 'end', at) };
    if (shift.end < shift.start) r.fail(`${at}/end`, 'must not be before start');
    return shift;
  });
}

function readSchedule(r: Reader, v: unknown, path: string): GoalertSchedule {
  const o = r.object(v, path) ?? {};
  const targets = r.list(o, 'targets', path, GOALERT_LIMITS.perItem);
  const temporary = r.list(o, 'temporarySchedules', path, GOALERT_LIMITS.perItem, { optional: true });
  return {
    id: r.field(o, 'id', path),
    name: r.field(o, 'name', path),
    timeZone: r.field(o, 'timeZone', path),
    targets: targets.items.map((x, i) => readTarget(r, x, `${targets.path}/${i}`)),
    shifts: readShifts(r, o, path, true),
    temporarySchedules: temporary.items.map((x, i) => {
      const at = `${temporary.path}/${i}`;
      const t = r.object(x, at) ?? {};
      return { start: r.instant(t, 'start', at), end: r.instant(t, 'end', at), shifts: readShifts(r, t, at, false)! };
    }),
  };
}

function readOverride(r: Reader, v: unknown, path: string): GoalertOverride {
  const o = r.object(v, path) ?? {};
  const target = r.object(o.target, `${path}/target`) ?? {};
  if (target.type !== 'schedule') r.fail(`${path}/target/type`, 'must be "schedule" (user overrides target schedules)');
  const userOf = (key: string): string | null => {
    if (o[key] === null || o[key] === '') return null;
    return r.field(o, key, path);
  };
  const start = r.instant(o, 'start', path);
  const end = r.instant(o, 'end', path);
  if (end <= start) r.fail(`${path}/end`, 'must be after start');
  const override = { id: r.field(o, 'id', path), start, end, addUserID: userOf('addUserID'), removeUserID: userOf('removeUserID') };
  if (override.addUserID === null && override.removeUserID === null) r.fail(path, 'needs addUserID or removeUserID');
  return { ...override, scheduleID: r.field(target, 'id', `${path}/target`), offMinute: start % 60_000 !== 0 || end % 60_000 !== 0 };
}

/** Ids referenced that the document does not hold: problems, as the mapping could not name them. */
function checkReferences(r: Reader, doc: GoalertDocument): void {
  const users = new Set(doc.users.map((u) => u.id));
  const rotations = new Set(doc.rotations.map((x) => x.id));
  const schedules = new Set(doc.schedules.map((s) => s.id));
  const user = (id: string | null, path: string) => {
    if (id !== null && id !== '' && !users.has(id)) r.fail(path, `unknown user "${id}": the document's users must include it`);
  };
  doc.rotations.forEach((rot, i) => rot.userIDs.forEach((id, j) => user(id, `/data/rotations/nodes/${i}/userIDs/${j}`)));
  doc.schedules.forEach((s, i) => {
    const at = `/data/schedules/nodes/${i}`;
    s.targets.forEach((t, j) => {
      if (t.type === 'user') user(t.id, `${at}/targets/${j}/target/id`);
      else if (t.id !== '' && !rotations.has(t.id)) r.fail(`${at}/targets/${j}/target/id`, `unknown rotation "${t.id}": the document's rotations must include it`);
    });
    s.shifts?.forEach((sh, j) => user(sh.userID, `${at}/shifts/${j}/userID`));
    s.temporarySchedules.forEach((t, j) => t.shifts.forEach((sh, k) => user(sh.userID, `${at}/temporarySchedules/${j}/shifts/${k}/userID`)));
  });
  doc.overrides.forEach((o, i) => {
    const at = `/data/userOverrides/nodes/${i}`;
    user(o.addUserID, `${at}/addUserID`);
    user(o.removeUserID, `${at}/removeUserID`);
    if (o.scheduleID !== '' && !schedules.has(o.scheduleID)) r.fail(`${at}/target/id`, `unknown schedule "${o.scheduleID}": the document's schedules must include it`);
  });
}

/** The document read, or SourceDocumentError naming every path that is not what GoAlert returns. */
export function readGoalertDocument(input: unknown): GoalertDocument {
  const r = new Reader();
  const root = r.object(input, '');
  if (!root) throw new SourceDocumentError(r.problems);
  const data = r.object(root.data, '/data') ?? {};
  let window: GoalertDocument['window'] = null;
  if (root.window !== undefined) {
    const w = r.object(root.window, '/window') ?? {};
    window = { start: r.instant(w, 'start', '/window'), end: r.instant(w, 'end', '/window') };
    if (window.end <= window.start) r.fail('/window/end', 'must be after start');
  }
  const users = r.list(data, 'users', '/data', GOALERT_LIMITS.users, { nodes: true });
  const rotations = r.list(data, 'rotations', '/data', GOALERT_LIMITS.rotations, { nodes: true });
  const schedules = r.list(data, 'schedules', '/data', GOALERT_LIMITS.schedules, { nodes: true });
  const overrides = data.userOverrides === undefined ? { items: [], path: '' } : r.list(data, 'userOverrides', '/data', GOALERT_LIMITS.overrides, { nodes: true });
  const doc: GoalertDocument = {
    window,
    users: users.items.map((v, i) => readUser(r, v, `${users.path}/${i}`)),
    rotations: rotations.items.map((v, i) => readRotation(r, v, `${rotations.path}/${i}`)),
    schedules: schedules.items.map((v, i) => readSchedule(r, v, `${schedules.path}/${i}`)),
    overrides: overrides.items.map((v, i) => readOverride(r, v, `${overrides.path}/${i}`)),
  };
  if (r.problems.length === 0) checkReferences(r, doc);
  r.throwProblems();
  return doc;
}
