/**
 * One Grafana OnCall on-call shift (rolling_users, recurrent_event or single_event) as a Rota
 * layer plan, reproducing how OnCall turns it into iCal events
 * (apps/schedules/models/custom_on_call_shift.py, convert_to_ical):
 *
 * - `start`, `rotation_start` are wall-clock times in the shift's zone; `until` is read as UTC
 *   (OnCall writes it into the RRULE's UNTIL as a UTC instant) and, being an RRULE UNTIL, keeps
 *   every event that STARTS at or before it whole.
 * - rolling_users: group k of the queue (rotated by start_rotation_from_user_index) takes period k
 *   (every `interval` hours/days/weeks/months from `start`); each event lasts `duration` seconds.
 *   Periods ending at or before `rotation_start` are not rendered (the web UI's rule, which keeps
 *   the period containing it whole; API-made shifts start at the first period at or after it).
 * - daily + by_day: each selected day is one period, a group holds `interval` of them in a row,
 *   and `rotation_start` is not looked at. weekly + by_day: a group holds a week (from its first
 *   selected day in week_start order). A `start` off the selected days moves to the first of them
 *   in week_start order — even when that skips selected days of its own week, as OnCall does.
 * - recurrent_event: the RRULE of one group (no rotation); single_event: one event.
 *
 * What Rota cannot say the same way is a warning and the shift (or the part) is skipped.
 */
import { DAY, HOUR, MINUTE, parseLocalDateTime, toInstant, toLocal } from '../engine/localtime.js';
import { WEEKDAYS } from '../engine/weekdays.js';
import type { Weekday } from '../engine/types.js';
import type { GoShift } from './grafana-oncall-document.js';

export const WEEK_MINUTES = 7 * 1440;

export type Warn = (path: string, message: string) => void;

/** When the layer's rotation hands off. */
export type Handoffs =
  | { kind: 'every'; every: string }
  /** At the plan's clock time on each of `days` (0 = Monday). */
  | { kind: 'days'; days: number[] }
  /** At the plan's clock time on `day` of every week. */
  | { kind: 'week'; day: number }
  /** A single window: from start to end. */
  | { kind: 'once' };

/** A weekly window: `at` minutes after Monday 00:00 (in the plan's zone), `length` minutes. */
export interface Span {
  at: number;
  length: number;
}

/** A shift as Rota can hold it, in instants and the weekly pattern of the shift's own zone. */
export interface LayerPlan {
  path: string;
  name: string;
  level: number;
  zone: string;
  /** Source user ids, in rotation order (repeats allowed). */
  participants: string[];
  handoffs: Handoffs;
  /** Instant of the first handoff. */
  start: number;
  /** Instant from which the layer is never active; null = never ends. */
  end: number | null;
  /** When the layer is active each week; null = always. */
  spans: Span[] | null;
}

/** Floating ms of a local "YYYY-MM-DDTHH:mm:ss", cut to the minute with a warning. */
function readLocal(s: string, path: string, warn: Warn): number | null {
  const t = parseLocalDateTime(s);
  if (t === null) {
    warn(path, `"${s}" is not a date-time that exists; shift skipped`);
    return null;
  }
  const seconds = t % MINUTE;
  if (seconds !== 0) warn(path, `has ${seconds / 1000} seconds; Rota counts whole minutes, so it is imported as ${formatLocal(t - seconds)}`);
  return t - seconds;
}

/** Floating ms → "YYYY-MM-DDTHH:mm". */
export function formatLocal(floating: number): string {
  return new Date(floating).toISOString().slice(0, 16);
}

/** Monday-first weekday of floating ms. */
function weekdayOf(floating: number): number {
  return (((Math.floor(floating / DAY) + 3) % 7) + 7) % 7;
}

function addMonths(floating: number, months: number): number {
  const d = new Date(floating);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

/**
 * Rotation queue: one participant per group, rotated as OnCall rotates it. A group of several
 * people (all on call at once in OnCall) keeps its first, with a warning.
 */
function queueOf(shift: GoShift, known: (id: string) => boolean, warn: Warn): string[] | null {
  const rolling = shift.type === 'rolling_users';
  let groups = rolling ? (shift.rolling_users ?? []) : [shift.users];
  const groupsPath = rolling ? `${shift.path}/rolling_users` : `${shift.path}/users`;
  const index = rolling ? (shift.start_rotation_from_user_index ?? 0) : 0;
  // Python's slicing: an index past the end leaves the queue as it was.
  const from = index < groups.length ? index : 0;
  groups = [...groups.slice(from), ...groups.slice(0, from)];
  const original = (k: number) => (k + from) % Math.max(groups.length, 1);
  const queue: string[] = [];
  for (let k = 0; k < groups.length; k++) {
    const at = rolling ? `${groupsPath}/${original(k)}` : groupsPath;
    const members = groups[k]!.filter((id, j) => {
      if (known(id)) return true;
      warn(`${at}/${j}`, `user "${id}" is not in /users; left out`);
      return false;
    });
    if (members.length === 0) {
      warn(at, 'has nobody to put on call: Grafana OnCall leaves its periods empty, which a Rota rotation cannot; shift skipped');
      return null;
    }
    if (members.length > 1) {
      warn(at, `puts ${members.length} people on call at once; Rota puts one person on call, so only "${members[0]}" is imported`);
    }
    queue.push(members[0]!);
  }
  if (queue.length === 0) {
    warn(groupsPath, 'has no users; shift skipped');
    return null;
  }
  return queue;
}

/** The minutes of `duration` seconds, cut to whole minutes with a warning; null (skip) when none are left. */
function minutesOf(shift: GoShift, warn: Warn): number | null {
  const minutes = Math.floor(shift.duration / 60);
  if (minutes === 0) {
    warn(`${shift.path}/duration`, 'is shorter than a minute; shift skipped');
    return null;
  }
  if (shift.duration % 60 !== 0) warn(`${shift.path}/duration`, `${shift.duration} s is not whole minutes; imported as ${minutes} min`);
  return minutes;
}

/** Weekly windows of `length` minutes at `clock` on each of `days`, each cut at the next one; null when they cover the whole week. */
function spansOn(days: number[], clock: number, length: number): { spans: Span[] | null; overlap: boolean } {
  const starts = days.map((d) => d * 1440 + clock).sort((a, b) => a - b);
  let overlap = false;
  let covers = true;
  const spans = starts.map((at, i) => {
    const gap = i + 1 < starts.length ? starts[i + 1]! - at : starts[0]! + WEEK_MINUTES - at;
    if (length > gap) overlap = true;
    if (length < gap) covers = false;
    return { at, length: Math.min(length, gap) };
  });
  return { spans: covers ? null : spans, overlap };
}

export interface ShiftContext {
  zone: string;
  known: (userId: string) => boolean;
  warn: Warn;
}

/** The layer plan of a non-override shift, or null (with warnings) when it does not map. */
export function planShift(shift: GoShift, ctx: ShiftContext): LayerPlan | null {
  const { zone, warn } = ctx;
  const start = readLocal(shift.start, `${shift.path}/start`, warn);
  const minutes = minutesOf(shift, warn);
  const queue = queueOf(shift, ctx.known, warn);
  if (start === null || minutes === null || queue === null) return null;
  const base = { path: shift.path, name: shift.name ?? shift.id, level: shift.level, zone };
  // A rolling shift without a frequency renders its first group once (OnCall: users_queue[:1]).
  if (shift.type === 'single_event' || shift.frequency === null) {
    return {
      ...base,
      participants: queue.slice(0, 1),
      handoffs: { kind: 'once' },
      start: toInstant(zone, start),
      end: toInstant(zone, start + minutes * MINUTE),
      spans: null,
    };
  }
  if (shift.by_month?.length || shift.by_monthday?.length) {
    const field = shift.by_month?.length ? 'by_month' : 'by_monthday';
    warn(`${shift.path}/${field}`, 'limits the shift to some months or days of the month, which Rota\'s weekly windows cannot say; shift skipped');
    return null;
  }
  // OnCall writes `until` into the RRULE's UNTIL as UTC, whatever the shift's zone; the floating
  // ms of a UTC wall time are its epoch ms.
  const until = shift.until === null ? null : readLocal(shift.until, `${shift.path}/until`, warn);
  const rolling = shift.type === 'rolling_users';
  const plan = shift.by_day?.length
    ? planByDay(shift, { start, minutes, queue, rolling }, ctx)
    : planPeriodic(shift, { start, minutes, queue, rolling }, ctx);
  if (plan === null) return null;
  const cut = until === null ? null : plan.lastEventEnd(until);
  if (until !== null && cut === null) {
    warn(`${shift.path}/until`, 'ends the shift before its first event; shift skipped');
    return null;
  }
  return { ...base, participants: plan.participants, handoffs: plan.handoffs, start: plan.start, end: cut, spans: plan.spans };
}

interface Parts {
  start: number;
  minutes: number;
  queue: string[];
  rolling: boolean;
}

interface Pattern {
  participants: string[];
  handoffs: Handoffs;
  start: number;
  spans: Span[] | null;
  /** End instant of the last event starting at or before `until` (an instant), null if none. */
  lastEventEnd(until: number): number | null;
}

/** Every `interval` hours/days/weeks/months from `start`, no day filter. */
function planPeriodic(shift: GoShift, p: Parts, ctx: ShiftContext): Pattern | null {
  const { zone, warn } = ctx;
  const n = shift.interval ?? 1;
  const freq = shift.frequency!;
  const unit = { hourly: HOUR, daily: DAY, weekly: 7 * DAY, monthly: 0 }[freq as 'hourly']!;
  if (freq === 'monthly' && new Date(p.start).getUTCDate() > 28) {
    warn(`${shift.path}/start`, 'a monthly shift from day 29–31 skips the months without that day in Grafana OnCall, which Rota\'s P1M does not; shift skipped');
    return null;
  }
  const periodStart = (k: number) => (freq === 'monthly' ? addMonths(p.start, k * n) : p.start + k * n * unit);
  const eventEnd = (k: number) => toInstant(zone, periodStart(k) + p.minutes * MINUTE);
  const every = { hourly: `PT${n}H`, daily: `P${n}D`, weekly: `P${n}W`, monthly: `P${n}M` }[freq as 'hourly']!;
  const length = p.minutes * MINUTE;
  const gapped = () => {
    warn(`${shift.path}/duration`, `events of ${p.minutes} min every ${every} leave gaps that Rota's weekly windows cannot place; shift skipped`);
    return null;
  };
  let spans: Span[] | null = null;
  if (freq === 'monthly') {
    if (length < 28 * DAY) return gapped();
    warn(`${shift.path}/duration`, `a monthly shift lasts ${shift.duration} s in every month, so Grafana OnCall leaves gaps or overlaps where months differ in length; Rota hands off every ${every}`);
  } else if (length > n * unit && p.queue.length > 1) {
    warn(`${shift.path}/duration`, `each event lasts longer than a period (${every}): Grafana OnCall has two groups on call where they overlap, Rota the newer one`);
  } else if (length < n * unit) {
    const clock = Math.round((p.start % DAY) / MINUTE);
    if (freq === 'daily' && n === 1) spans = spansOn([0, 1, 2, 3, 4, 5, 6], clock, p.minutes).spans;
    else if (freq === 'weekly' && n === 1) spans = spansOn([weekdayOf(p.start)], clock, p.minutes).spans;
    else return gapped();
  }
  // Periods that end at or before rotation_start are not rendered; the queue goes on counting them.
  let first = 0;
  if (p.rolling && shift.rotation_start !== null) {
    const from = readLocal(shift.rotation_start, `${shift.path}/rotation_start`, warn);
    if (from === null) return null;
    const at = toInstant(zone, from);
    first = Math.max(0, estimate(from - p.start) - 2);
    while (eventEnd(first) <= at) first++;
    if (toInstant(zone, periodStart(first)) < at) {
      warn(`${shift.path}/rotation_start`, `falls inside a period: imported as the web UI renders it, the period from ${formatLocal(periodStart(first))} whole (a shift made through the API starts at the next period instead)`);
    }
  }
  function estimate(span: number): number {
    return freq === 'monthly' ? Math.floor(span / (31 * DAY * n)) : Math.floor(span / (n * unit));
  }
  const participants = p.queue.map((_, i) => p.queue[(i + first) % p.queue.length]!);
  return {
    participants,
    handoffs: { kind: 'every', every },
    start: toInstant(zone, periodStart(first)),
    spans,
    lastEventEnd(until) {
      let k = Math.max(first, estimate(toLocal(zone, until) - p.start) - 2);
      while (toInstant(zone, periodStart(k)) <= until) k++;
      return k - 1 < first ? null : eventEnd(k - 1);
    },
  };
}

/** daily or weekly with by_day: events on the selected days at the start's clock time. */
function planByDay(shift: GoShift, p: Parts, ctx: ShiftContext): Pattern | null {
  const { zone, warn } = ctx;
  const n = shift.interval ?? 1;
  const freq = shift.frequency!;
  const days = [...new Set(shift.by_day!.map((d) => WEEKDAYS.indexOf(d as Weekday)))].sort((a, b) => a - b);
  if (freq !== 'daily' && freq !== 'weekly') {
    warn(`${shift.path}/by_day`, `by_day with a ${freq} frequency is not something Rota's rotations express; shift skipped`);
    return null;
  }
  if (n > 1 && !(freq === 'daily' && p.rolling)) {
    warn(`${shift.path}/interval`, `by_day every ${n} ${freq === 'daily' ? 'days' : 'weeks'} does not repeat weekly, which Rota's weekly windows need; shift skipped`);
    return null;
  }
  // The API shows week_start for weekly shifts only; OnCall's model defaults it to SU.
  const weekStart = WEEKDAYS.indexOf((shift.week_start ?? 'SU') as Weekday);
  const assumed = shift.week_start === null ? ' (the API does not show week_start for daily shifts: SU, its default, assumed)' : '';
  // The first event: OnCall (rolling) moves an off-day start to the first selected day in
  // week_start order; a recurrent event's RRULE starts on the next selected day.
  let start = p.start;
  if (!days.includes(weekdayOf(start))) {
    const order = p.rolling
      ? [0, 1, 2, 3, 4, 5, 6].map((i) => (weekStart + i) % 7)
      : [1, 2, 3, 4, 5, 6].map((i) => (weekdayOf(start) + i) % 7);
    const target = order.find((d) => days.includes(d))!;
    start += ((target - weekdayOf(start) + 7) % 7) * DAY;
    const why = p.rolling ? `the first selected day in week_start order${assumed}` : 'the next selected day';
    warn(`${shift.path}/start`, `is not on one of by_day; Grafana OnCall starts the shift on ${why}, ${formatLocal(start)}, and so does the import`);
  }
  const clock = Math.round((start % DAY) / MINUTE);
  const { spans, overlap } = spansOn(days, clock, p.minutes);
  if (overlap && p.queue.length > 1) {
    warn(`${shift.path}/duration`, 'each event lasts past the next selected day: Grafana OnCall has two groups on call where they overlap, Rota the newer one');
  }
  const onDay = (floating: number) => days.includes(weekdayOf(floating));
  const lastEventEnd = (from: number) => (until: number) => {
    // The last selected day at or before `until` and not before the first event: a week back at most.
    const last = Math.floor(toLocal(zone, until) / DAY) * DAY + clock * MINUTE;
    for (let d = last + DAY; d >= from && d >= last - 7 * DAY; d -= DAY) {
      if (onDay(d) && toInstant(zone, d) <= until) return toInstant(zone, d + p.minutes * MINUTE);
    }
    return null;
  };
  if (freq === 'daily') {
    // A group holds `interval` selected days in a row; rotation_start is not looked at.
    const participants = p.queue.flatMap((id) => Array<string>(n).fill(id));
    if (participants.length > 1000) {
      warn(`${shift.path}/interval`, 'makes a rotation of more than 1000 turns, Rota\'s bound; shift skipped');
      return null;
    }
    return { participants, handoffs: { kind: 'days', days }, start: toInstant(zone, start), spans, lastEventEnd: lastEventEnd(start) };
  }
  // Weekly: a group holds a week, from the first selected day (in week_start order) of the week.
  const firstDay = [0, 1, 2, 3, 4, 5, 6].map((i) => (weekStart + i) % 7).find((d) => days.includes(d))!;
  const weekOf = (floating: number) => floating - ((weekdayOf(floating) - weekStart + 7) % 7) * DAY;
  const periodStart = (k: number) => (k === 0 ? start : weekOf(start) + 7 * k * DAY + ((firstDay - weekStart + 7) % 7) * DAY);
  let first = 0;
  if (p.rolling && shift.rotation_start !== null) {
    const from = readLocal(shift.rotation_start, `${shift.path}/rotation_start`, warn);
    if (from === null) return null;
    const at = toInstant(zone, from);
    first = Math.max(0, Math.floor((from - start) / (7 * DAY)) - 1);
    while (toInstant(zone, periodStart(first) + p.minutes * MINUTE) <= at) first++;
    if (toInstant(zone, periodStart(first)) < at) {
      warn(`${shift.path}/rotation_start`, `falls inside a week's shift: imported as the web UI renders it, that week from ${formatLocal(periodStart(first))} whole (a shift made through the API starts the week after)`);
    }
  }
  const participants = p.queue.map((_, i) => p.queue[(i + first) % p.queue.length]!);
  return {
    participants,
    handoffs: { kind: 'week', day: firstDay },
    start: toInstant(zone, periodStart(first)),
    spans,
    lastEventEnd: lastEventEnd(periodStart(first)),
  };
}
