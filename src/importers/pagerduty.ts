/**
 * PagerDuty → Rota (spec §16, README "From PagerDuty"). PagerDuty's layer-based schedules are
 * close to Rota's: layers where a later one wins, a rotation clock, restrictions that cut shifts
 * without moving the clock. What differs, and is handled here:
 *
 * - GET /schedules/{id} lists `schedule_layers` in the REVERSE of their order of precedence (the
 *   first listed is the top layer, the one that wins), so Rota gets them reversed.
 * - PagerDuty's rotation is anchored at `rotation_virtual_start` (handoff k at anchor + k turns),
 *   while the layer only begins at its `start` — mostly mid-turn, since PagerDuty ends a layer
 *   and starts a new one at the moment of every edit. Rota's rotation starts at its first
 *   handoff, so a layer that begins mid-turn becomes two Rota layers: the rest of the first turn
 *   ("first turn"), then the rotation from the first handoff at or after `start`, participants
 *   rotated so the order continues where the anchor puts it.
 * - Turns and restrictions are counted in the schedule's local wall-clock time, as Rota counts
 *   them: a daily handoff at 09:00 stays at 09:00 across DST (README: the assumption, and how
 *   verification checks it).
 * - Rota has minutes, PagerDuty seconds: seconds are dropped with a warning, never silently.
 */
import type { ActiveWhenDoc, LayerDoc, ScheduleDoc, WeeklySpanDoc } from '../engine/index.js';
import { SCHEDULE_LIMITS } from '../engine/limits.js';
import { MINUTE, isValidZone, offsetAt, toInstant, toLocal } from '../engine/localtime.js';
import { WEEKDAYS } from '../engine/weekdays.js';
import { ianaOfActiveSupport } from './activesupport-zones.js';
import { uniqueSlugs } from './ids.js';
import {
  type PdDocument,
  type PdLayer,
  type PdOverride,
  type PdRestriction,
  type PdSchedule,
  type PdUserRef,
  readPagerDutyDocument,
} from './pagerduty-document.js';
import type { ExpectedTimeline, ImportWarning, ImportedOverride, ImportedPerson, ImportedSchedule, SourceMapper } from './types.js';

const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;
/** Rota's shortest handoff interval (validateSchedule). */
const MIN_TURN_MINUTES = 15;
/** Rota's bound on names of schedules, layers and people. */
const MAX_NAME = SCHEDULE_LIMITS.name;

type Warn = (path: string, message: string) => void;

/** "HH:mm" of a minute of the day. */
function clock(minuteOfDay: number): string {
  const m = ((minuteOfDay % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Floating local ms → "YYYY-MM-DDTHH:mm". */
function localText(floating: number): string {
  return new Date(floating).toISOString().slice(0, 16);
}

/** A turn in whole minutes as an ISO 8601 duration: weeks, days, or hours and minutes. */
function isoDuration(minutes: number): string {
  if (minutes % WEEK_MINUTES === 0) return `P${minutes / WEEK_MINUTES}W`;
  if (minutes % DAY_MINUTES === 0) return `P${minutes / DAY_MINUTES}D`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}`;
}

/** A name Rota can store: at most MAX_NAME characters, shortened with a warning. */
function nameFor(name: string, path: string, warn: Warn): string {
  if (name.length <= MAX_NAME) return name;
  warn(path, `longer than ${MAX_NAME} characters: shortened`);
  return name.slice(0, MAX_NAME);
}

/** The users the mapped documents name, by PagerDuty id, in order of first mention. */
class References {
  readonly used = new Map<string, PdUserRef>();

  /** Records the mention and returns the PagerDuty id, swapped for a person id at the end. */
  of(ref: PdUserRef): string {
    const known = this.used.get(ref.id);
    if (!known || (known.summary === null && ref.summary !== null)) this.used.set(ref.id, ref);
    return ref.id;
  }
}

/** An instant at a whole minute, the dropped seconds warned about. */
function wholeMinute(ms: number, path: string, warn: Warn): number {
  const minute = Math.floor(ms / MINUTE) * MINUTE;
  if (minute !== ms) warn(path, 'has seconds: Rota counts whole minutes, so they are dropped');
  return minute;
}

/**
 * The local "YYYY-MM-DDTHH:mm" Rota reads back as `instant` (a whole minute), with a warning
 * where it cannot: the second pass of a repeated fall-back hour reads as the first (spec §1).
 */
function localAt(zone: string, instant: number, path: string, warn: Warn): string {
  const floating = toLocal(zone, instant);
  if (toInstant(zone, floating) !== instant) {
    warn(path, `falls in the second pass of a repeated hour (clocks set back): Rota reads ${localText(floating)} as its first pass, one offset change earlier`);
  }
  return localText(floating);
}

type Activity = { kind: 'always' } | { kind: 'never' } | { kind: 'restricted'; activeWhen: ActiveWhenDoc };

/** Whole minutes of a count of seconds, warned about when some were dropped. */
function wholeMinutes(seconds: number, path: string, warn: Warn): number {
  if (seconds % 60 !== 0) warn(path, 'has seconds: Rota counts whole minutes, so they are dropped');
  return Math.floor(seconds / 60);
}

/** A restriction as a weekly span; null when it never holds; "always" when it holds at every moment. */
function spanOf(r: PdRestriction, path: string, warn: Warn): WeeklySpanDoc | 'always' | null {
  const start = wholeMinutes(r.startTimeOfDay, `${path}/start_time_of_day`, warn);
  const length = wholeMinutes(r.durationSeconds, `${path}/duration_seconds`, warn);
  if (length === 0) {
    warn(path, 'lasts less than a minute: it never holds, so it is left out');
    return null;
  }
  if (r.type === 'daily_restriction') {
    if (length >= DAY_MINUTES) return 'always';
    return { days: [...WEEKDAYS], from: clock(start), to: clock(start + length) };
  }
  if (length >= WEEK_MINUTES) return 'always';
  const from = (r.startDayOfWeek! - 1) * DAY_MINUTES + start;
  const to = (from + length) % WEEK_MINUTES;
  const dayClock = (m: number) => `${WEEKDAYS[Math.floor(m / DAY_MINUTES)]} ${clock(m)}`;
  return { from: dayClock(from), to: dayClock(to) };
}

/**
 * PagerDuty's restrictions (their union) as Rota's ActiveWhen. PagerDuty writes their times of day
 * in the time zone the request asked for (`time_zone`), so a layer rendered at another offset
 * than the schedule's zone has is warned about: its restrictions may be shifted.
 */
function activityOf(zone: string, layer: PdLayer, warn: Warn): Activity {
  if (layer.restrictions.length === 0) return { kind: 'always' };
  const rendered = layer.start.offset * MINUTE;
  const own = offsetAt(zone, layer.start.ms);
  if (rendered !== own) {
    warn(
      `${layer.path}/restrictions`,
      `the layer was rendered at UTC offset ${offsetText(rendered)}, the schedule's zone ${zone} has ${offsetText(own)}: PagerDuty writes restriction times in the request's time_zone, so they are read as ${zone} times and may be shifted (fetch the schedule without time_zone)`,
    );
  }
  const weekly: WeeklySpanDoc[] = [];
  let always = false;
  layer.restrictions.forEach((r, i) => {
    const span = spanOf(r, `${layer.path}/restrictions/${i}`, warn);
    if (span === 'always') always = true;
    else if (span) weekly.push(span);
  });
  if (always) return { kind: 'always' };
  if (weekly.length === 0) {
    warn(`${layer.path}/restrictions`, 'no restriction holds at any time: the layer is never active, so it is left out');
    return { kind: 'never' };
  }
  if (weekly.length > SCHEDULE_LIMITS.weekly) {
    warn(`${layer.path}/restrictions`, `more than ${SCHEDULE_LIMITS.weekly} restrictions: Rota takes at most ${SCHEDULE_LIMITS.weekly} weekly spans, so the layer is left out`);
    return { kind: 'never' };
  }
  return { kind: 'restricted', activeWhen: { weekly } };
}

function offsetText(ms: number): string {
  const m = Math.round(Math.abs(ms) / MINUTE);
  return `${ms < 0 ? '−' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** What one schedule's layers need while they are mapped. */
interface LayerContext {
  zone: string;
  warn: Warn;
  refs: References;
  layerId: (name: string) => string;
}

/**
 * One PagerDuty layer as Rota layers (none, one, or a "first turn" layer and the rotation; see
 * the module comment). `name`: the layer's name, or PagerDuty's own "Layer n".
 */
function mapLayer(ctx: LayerContext, layer: PdLayer, name: string): LayerDoc[] {
  const { zone, warn, refs } = ctx;
  const path = layer.path;
  if (layer.users.length === 0) {
    warn(`${path}/users`, 'has no users: the layer puts nobody on call, so it is left out');
    return [];
  }
  if (layer.users.length > SCHEDULE_LIMITS.participants) {
    warn(`${path}/users`, `more than ${SCHEDULE_LIMITS.participants} users: more than a Rota layer takes, so the layer is left out`);
    return [];
  }
  const turnSeconds = layer.rotationTurnLengthSeconds;
  const turnMinutes = wholeMinutes(turnSeconds, `${path}/rotation_turn_length_seconds`, warn);
  if (turnMinutes < MIN_TURN_MINUTES) {
    warn(`${path}/rotation_turn_length_seconds`, `a turn of ${turnSeconds} s is shorter than Rota's shortest handoff interval (${MIN_TURN_MINUTES} minutes), so the layer is left out`);
    return [];
  }
  const activity = activityOf(zone, layer, warn);
  if (activity.kind === 'never') return [];
  const start = wholeMinute(layer.start.ms, `${path}/start`, warn);
  const end = layer.end ? wholeMinute(layer.end.ms, `${path}/end`, warn) : Infinity;
  if (end <= start) {
    warn(`${path}/end`, 'is not after the layer start: the layer is never active, so it is left out');
    return [];
  }
  // Handoff k at the anchor + k turns, counted in local wall-clock time (as Rota's `every` counts).
  const anchor = toLocal(zone, wholeMinute(layer.rotationVirtualStart.ms, `${path}/rotation_virtual_start`, warn));
  const turn = turnMinutes * MINUTE;
  const handoff = (k: number) => toInstant(zone, anchor + k * turn);
  // The first handoff at or after the layer start (k may be negative: the anchor may lie later).
  let k = Math.ceil((toLocal(zone, start) - anchor) / turn);
  while (handoff(k - 1) >= start) k--;
  while (handoff(k) < start) k++;
  const users = layer.users.map((u) => refs.of(u));
  const n = users.length;
  const holder = (i: number) => users[((i % n) + n) % n]!;
  const every = isoDuration(turnMinutes);
  const activeWhen = activity.kind === 'restricted' ? { activeWhen: activity.activeWhen } : {};
  const first = handoff(k);
  const endText = end === Infinity ? null : localAt(zone, end, `${path}/end`, warn);
  const out: LayerDoc[] = [];
  if (start < first) {
    out.push({
      id: ctx.layerId(`${name} first turn`),
      name: nameFor(`${name} (first turn)`, `${path}/name`, warn),
      participants: [holder(k - 1)],
      rotation: { every, start: localAt(zone, start, `${path}/start`, warn) },
      end: end <= first ? endText! : localText(anchor + k * turn),
      ...activeWhen,
    });
  }
  if (first < end) {
    out.push({
      id: ctx.layerId(name),
      name: nameFor(name, `${path}/name`, warn),
      participants: users.map((_, j) => holder(k + j)),
      rotation: { every, start: localText(anchor + k * turn) },
      ...(endText !== null ? { end: endText } : {}),
      ...activeWhen,
    });
  }
  return out;
}

/** The IANA zone PagerDuty's `time_zone` names (an IANA name, or a Rails one: see activesupport-zones.ts). */
function zoneOf(name: string): string | null {
  return isValidZone(name) ? name : ianaOfActiveSupport(name);
}

/** A layer-based schedule as a Rota schedule document (ids of people still PagerDuty's), or null when it cannot be. */
function mapSchedule(s: PdSchedule, warn: Warn, refs: References): ScheduleDoc | null {
  if (s.layers === null) {
    warn(s.path, 'a flexible (v3) schedule: its rotations, events and custom shifts are not imported; only layer-based schedules are');
    return null;
  }
  const zone = zoneOf(s.timeZone);
  if (zone === null) {
    warn(`${s.path}/time_zone`, `"${s.timeZone}" is neither an IANA nor a Rails time zone Rota knows, so the schedule is left out`);
    return null;
  }
  const layerId = uniqueSlugs();
  const ctx: LayerContext = { zone, warn, refs, layerId };
  const layers: LayerDoc[] = [];
  // The first layer listed is the top one (PagerDuty's "Layer n"): Rota's last.
  for (let i = s.layers.length - 1; i >= 0; i--) {
    const layer = s.layers[i]!;
    layers.push(...mapLayer(ctx, layer, layer.name ?? `Layer ${s.layers.length - i}`));
  }
  if (layers.length > SCHEDULE_LIMITS.layers) {
    warn(`${s.path}/schedule_layers`, `needs ${layers.length} Rota layers, more than the ${SCHEDULE_LIMITS.layers} a schedule takes, so the schedule is left out`);
    return null;
  }
  return { name: nameFor(s.name ?? s.id, `${s.path}/name`, warn), timeZone: zone, requireCoverage: false, layers };
}

/**
 * PagerDuty's final schedule over the window as contiguous entries (null = nobody on call), or
 * null when the document does not give one that can be read as a timeline.
 */
function expectedOf(s: PdSchedule, doc: PdDocument, warn: Warn, refs: References): Omit<ExpectedTimeline, 'schedule'> | null {
  const entries = s.finalEntries;
  if (entries === null) return null;
  const sorted = [...entries].sort((a, b) => a.start - b.start);
  const from = doc.since ?? sorted[0]?.start;
  const to = doc.until ?? sorted.reduce((last, e) => Math.max(last, e.end), -Infinity);
  if (from === undefined || !(to > from)) return null;
  const out: ExpectedTimeline['entries'] = [];
  let cursor = from;
  for (const e of sorted) {
    const start = Math.max(e.start, from);
    const end = Math.min(e.end, to);
    if (end <= start) continue;
    if (start < cursor) {
      warn(`${s.path}/final_schedule/rendered_schedule_entries`, 'entries overlap: not a final timeline, so the schedule is not verified');
      return null;
    }
    if (start > cursor) out.push({ start: cursor, end: start, person: null });
    out.push({ start, end, person: e.user ? refs.of(e.user) : null });
    cursor = end;
  }
  if (cursor < to) out.push({ start: cursor, end: to, person: null });
  return { from, to, entries: out };
}

/** People for the users the import names: from GET /users, else from the references' summaries. */
function peopleOf(doc: PdDocument, refs: References, warn: Warn): { people: ImportedPerson[]; idOf: Map<string, string> } {
  const slug = uniqueSlugs();
  const people: ImportedPerson[] = [];
  const idOf = new Map<string, string>();
  const add = (sourceId: string, name: string, email: string | null, timeZone: string | null, path: string) => {
    const lower = email?.toLowerCase() ?? null;
    const id = slug(lower?.split('@')[0] || name, 'person');
    idOf.set(sourceId, id);
    people.push({ id, name: nameFor(name, `${path}/name`, warn), email: lower, timeZone, sourceId });
  };
  for (const u of doc.users) {
    if (!refs.used.has(u.id) || idOf.has(u.id)) continue;
    const timeZone = u.timeZone === null ? null : zoneOf(u.timeZone);
    if (u.timeZone !== null && timeZone === null) warn(`${u.path}/time_zone`, `"${u.timeZone}" is not a time zone Rota knows: the person gets none`);
    add(u.id, u.name ?? u.email ?? u.id, u.email, timeZone, u.path);
  }
  for (const [id, ref] of refs.used) {
    if (idOf.has(id)) continue;
    warn('/users', `user ${id}${ref.summary ? ` (${ref.summary})` : ''} is named by a schedule but missing here: created from its name alone, without an email to match by`);
    add(id, ref.summary ?? id, null, null, '/users');
  }
  return { people, idOf };
}

/**
 * PagerDuty lets the newest of two overlapping overrides win, but its list does not say which is
 * newer (it is sorted by start); Rota lets the one imported later win. Each overlap is named.
 */
function warnOverlaps(list: readonly PdOverride[], warn: Warn): void {
  const byStart = list.filter((o) => o.end > o.start).sort((a, b) => a.start - b.start);
  let reach: PdOverride | null = null;
  for (const o of byStart) {
    if (reach && o.start < reach.end) {
      warn(o.path, `overlaps the override at ${reach.path}: PagerDuty lets the newer one win, which its list does not say; in Rota the one listed later wins`);
    }
    if (!reach || o.end > reach.end) reach = o;
  }
}

export const fromPagerDuty: SourceMapper = (document) => {
  const doc = readPagerDutyDocument(document);
  const warnings: ImportWarning[] = [];
  const warn: Warn = (path, message) => void warnings.push({ path, message });
  const refs = new References();
  const scheduleSlug = uniqueSlugs();
  const schedules: ImportedSchedule[] = [];
  const expected: ExpectedTimeline[] = [];
  const idOfSchedule = new Map<string, string>();
  for (const s of doc.schedules) {
    if (idOfSchedule.has(s.id)) {
      warn(`${s.path}/id`, `schedule ${s.id} appears twice: the second is left out`);
      continue;
    }
    const document = mapSchedule(s, warn, refs);
    if (!document) continue;
    const id = scheduleSlug(document.name, 'schedule');
    idOfSchedule.set(s.id, id);
    schedules.push({ id, document, sourceId: s.id });
    const timeline = expectedOf(s, doc, warn, refs);
    if (timeline) expected.push({ schedule: id, ...timeline });
  }
  const overrides: ImportedOverride[] = [];
  for (const group of doc.overrides) {
    const schedule = idOfSchedule.get(group.scheduleId);
    if (schedule === undefined) {
      warn(group.path, `schedule ${group.scheduleId} is not among the imported schedules: its overrides are left out`);
      continue;
    }
    for (const o of group.list) {
      if (o.end <= o.start) {
        warn(`${o.path}/end`, 'is not after start: the override covers nothing, so it is left out');
        continue;
      }
      overrides.push({ schedule, person: refs.of(o.user), start: o.start, end: o.end, note: o.id ? `PagerDuty override ${o.id}` : null });
    }
    warnOverlaps(group.list, warn);
  }
  // Person ids last: only the users named by what was imported become people.
  const { people, idOf } = peopleOf(doc, refs, warn);
  const person = (sourceId: string) => idOf.get(sourceId)!;
  for (const s of schedules) for (const l of s.document.layers) l.participants = l.participants.map(person);
  for (const o of overrides) o.person = person(o.person);
  for (const t of expected) for (const e of t.entries) if (e.person !== null) e.person = person(e.person);
  return { people, schedules, overrides, warnings, expected };
};
