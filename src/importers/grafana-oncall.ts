/**
 * Moving in from Grafana OnCall (spec §16): its users, schedules and on-call shifts, as its public
 * API returns them (grafana-oncall-document.ts), made into Rota people, schedules and overrides;
 * its final_shifts, when given, into the expected timeline the import is verified against.
 *
 * - A schedule's shifts are those it lists (`shifts`) and those naming it (`schedule`).
 * - Zones: a shift's times are wall-clock times in its own `time_zone`, else — as OnCall renders
 *   them — in UTC for a `web` schedule (the web UI stores UTC) and in the schedule's `time_zone`
 *   for a `calendar` one. The Rota schedule takes the zone its shifts share.
 * - `level`: higher wins in OnCall, the later layer in Rota, so layers are ordered by level.
 * - `override` shifts are overrides; `ical` schedules cannot be imported (their events live in an
 *   external calendar the API does not return) and say so.
 */
import type { LayerDoc, RotationDoc, ScheduleDoc, WeeklySpanDoc } from '../engine/types.js';
import { DAY, isValidZone, MINUTE, parseLocalDateTime, toInstant, toLocal } from '../engine/localtime.js';
import { SCHEDULE_LIMITS } from '../engine/limits.js';
import { WEEKDAYS } from '../engine/weekdays.js';
import { uniqueSlugs } from './ids.js';
import {
  type GoDocument,
  type GoFinalShifts,
  type GoSchedule,
  type GoShift,
  type GoUser,
  readGrafanaOncallDocument,
} from './grafana-oncall-document.js';
import { type LayerPlan, type Span, type Warn, WEEK_MINUTES, formatLocal, planShift } from './grafana-oncall-shifts.js';
import type { ExpectedTimeline, ImportedOverride, ImportedPerson, ImportedSchedule, ImportWarning, SourceMapper } from './types.js';

const MAX_LAYERS = SCHEDULE_LIMITS.layers;

/** What is made before people have their Rota ids: everything names people by OnCall user id. */
interface Draft {
  schedules: { source: GoSchedule; zone: string; layers: { plan: LayerPlan; id: string }[] }[];
  overrides: { schedule: GoSchedule; person: string; start: number; end: number; note: string | null }[];
  expected: { schedule: GoSchedule; from: number; to: number; entries: { start: number; end: number; person: string | null }[] }[];
}

export const fromGrafanaOncall: SourceMapper = (document) => {
  const doc = readGrafanaOncallDocument(document);
  const warnings: ImportWarning[] = [];
  const warn: Warn = (path, message) => warnings.push({ path, message });
  const users = new Map(doc.users.map((u) => [u.id, u]));
  const draft: Draft = { schedules: [], overrides: [], expected: [] };
  const index = indexShifts(doc);
  const isZone = zoneCheck();
  for (const schedule of doc.schedules) draftSchedule(schedule, index, users, draft, warn, isZone);
  for (const [id, finals] of doc.finalShifts) draftExpected(id, finals, draft, users, warn);
  return assemble(draft, doc.users, users, warnings, isZone);
};

/** isValidZone, remembered for one import: luxon's check costs ~0.2 ms, and 100,000 shifts repeat a few zones. */
function zoneCheck(): (zone: string) => boolean {
  const seen = new Map<string, boolean>();
  return (zone) => {
    let valid = seen.get(zone);
    if (valid === undefined) seen.set(zone, (valid = isValidZone(zone)));
    return valid;
  };
}

/** The zone OnCall reads a shift's times in (see the module comment). */
function zoneOf(shift: GoShift, schedule: GoSchedule): string {
  return shift.time_zone ?? (schedule.type === 'web' ? 'UTC' : (schedule.time_zone ?? 'UTC'));
}

interface ShiftIndex {
  byId: Map<string, GoShift>;
  /** Shifts by the schedule their `schedule` field names, in document order. */
  bySchedule: Map<string, GoShift[]>;
}

function indexShifts(doc: GoDocument): ShiftIndex {
  const byId = new Map<string, GoShift>();
  const bySchedule = new Map<string, GoShift[]>();
  for (const s of doc.shifts) {
    byId.set(s.id, s);
    if (s.schedule === null) continue;
    const list = bySchedule.get(s.schedule);
    if (list) list.push(s);
    else bySchedule.set(s.schedule, [s]);
  }
  return { byId, bySchedule };
}

function shiftsOf(schedule: GoSchedule, index: ShiftIndex, warn: Warn): GoShift[] {
  const listed = new Set<GoShift>();
  (schedule.shifts ?? []).forEach((id, i) => {
    const shift = index.byId.get(id);
    if (shift) listed.add(shift);
    else warn(`${schedule.path}/shifts/${i}`, `shift "${id}" is not in /on_call_shifts; left out`);
  });
  const naming = (index.bySchedule.get(schedule.id) ?? []).filter((s) => !listed.has(s));
  return [...listed, ...naming];
}

function draftSchedule(
  schedule: GoSchedule,
  index: ShiftIndex,
  users: Map<string, GoUser>,
  draft: Draft,
  warn: Warn,
  isZone: (zone: string) => boolean,
): void {
  if (schedule.type === 'ical') {
    warn(schedule.path, 'an iCal schedule keeps its shifts in an external calendar (ical_url_primary) that Grafana OnCall\'s API does not return; not imported — rebuild it in Rota or import it from the tool that owns the calendar');
    return;
  }
  if (schedule.ical_url_overrides) {
    warn(`${schedule.path}/ical_url_overrides`, 'overrides kept in an external iCal calendar are not returned by the API; not imported');
  }
  const shifts = shiftsOf(schedule, index, warn).filter((s) => {
    const zone = zoneOf(s, schedule);
    if (isZone(zone)) return true;
    warn(s.time_zone !== null ? `${s.path}/time_zone` : `${schedule.path}/time_zone`, `unknown time zone "${zone}"; shift skipped`);
    return false;
  });
  const rotations = shifts.filter((s) => s.type !== 'override');
  const zone = scheduleZone(schedule, rotations.map((s) => zoneOf(s, schedule)), isZone);
  const known = (id: string) => users.has(id);
  const plans = rotations
    .map((s) => planShift(s, { zone: zoneOf(s, schedule), known, warn }))
    .filter((p): p is LayerPlan => p !== null)
    // Stable: shifts of one level keep the document's order.
    .sort((a, b) => a.level - b.level);
  warnSameLevels(plans, warn);
  let kept = plans;
  if (plans.length > MAX_LAYERS) {
    kept = plans.slice(plans.length - MAX_LAYERS);
    for (const p of plans.slice(0, plans.length - MAX_LAYERS)) warn(p.path, `Rota holds at most ${MAX_LAYERS} layers a schedule; this lowest-level shift is left out`);
  }
  const layerIds = uniqueSlugs();
  draft.schedules.push({ source: schedule, zone, layers: kept.map((plan) => ({ plan, id: layerIds(plan.name, 'shift') })) });
  for (const s of shifts.filter((x) => x.type === 'override')) draftOverride(s, schedule, known, draft, warn);
}

/** The zone the shifts share; with several, the schedule's own (shifts in others are converted, with a warning). */
function scheduleZone(schedule: GoSchedule, zones: string[], isZone: (zone: string) => boolean): string {
  const distinct = [...new Set(zones)];
  if (distinct.length === 1) return distinct[0]!;
  const own = schedule.type === 'web' ? 'UTC' : schedule.time_zone;
  return own && isZone(own) ? own : (distinct[0] ?? 'UTC');
}

function warnSameLevels(plans: LayerPlan[], warn: Warn): void {
  const firstOf = new Map<number, string>();
  for (const p of plans) {
    const first = firstOf.get(p.level);
    if (first === undefined) firstOf.set(p.level, p.path);
    else warn(p.path, `has the same level (${p.level}) as ${first}: where they overlap Grafana OnCall puts both on call, Rota the later layer (this one)`);
  }
}

function draftOverride(shift: GoShift, schedule: GoSchedule, known: (id: string) => boolean, draft: Draft, warn: Warn): void {
  // Web-made overrides carry their people in rolling_users (the API fills `users` from them).
  const people = shift.users.length > 0 ? shift.users : (shift.rolling_users ?? []).flat();
  const path = shift.users.length > 0 ? `${shift.path}/users` : `${shift.path}/rolling_users`;
  const present = people.filter((id) => {
    if (!known(id)) warn(path, `user "${id}" is not in /users; left out`);
    return known(id);
  });
  if (present.length === 0) {
    warn(path, 'an override with nobody on call; not imported');
    return;
  }
  if (present.length > 1) warn(path, `puts ${present.length} people on call at once; Rota overrides name one person, so only "${present[0]}" is imported`);
  const local = parseLocalDateTime(shift.start);
  if (local === null) {
    warn(`${shift.path}/start`, `"${shift.start}" is not a date-time that exists; override skipped`);
    return;
  }
  // Overrides are instants in Rota, so seconds are kept as they are.
  const zone = zoneOf(shift, schedule);
  draft.overrides.push({
    schedule,
    person: present[0]!,
    start: toInstant(zone, local),
    end: toInstant(zone, local + shift.duration * 1000),
    note: shift.name,
  });
}

/** final_shifts' start_date / end_date (UTC): "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm". */
function queryInstant(s: string): number {
  return Date.parse(s.length === 10 ? `${s}T00:00:00Z` : `${s}:00Z`);
}

/**
 * The timeline final_shifts describes, over its window: who is on call when (null = nobody).
 * OnCall lists everyone on call at once; Rota has one person, so the first listed counts (warned).
 */
function draftExpected(id: string, finals: GoFinalShifts, draft: Draft, users: Map<string, GoUser>, warn: Warn): void {
  const target = draft.schedules.find((s) => s.source.id === id);
  if (!target) {
    warn(finals.path, `schedule "${id}" is not imported (see /schedules); not verified`);
    return;
  }
  const entries = finals.results.flatMap((e, i) => {
    const start = Date.parse(e.shift_start);
    const end = Date.parse(e.shift_end);
    if (!users.has(e.user_pk)) {
      warn(`${finals.resultsPath}/${i}/user_pk`, `user "${e.user_pk}" is not in /users; counted as nobody`);
      return [];
    }
    return end > start ? [{ start, end, person: e.user_pk, order: i }] : [];
  });
  const from = finals.start_date !== null ? queryInstant(finals.start_date) : Math.min(...entries.map((e) => e.start));
  const to = finals.end_date !== null ? queryInstant(finals.end_date) : Math.max(...entries.map((e) => e.end));
  if (!(to > from)) {
    warn(finals.path, 'covers no time; not verified');
    return;
  }
  const points = [...new Set([from, to, ...entries.flatMap((e) => [e.start, e.end])])].filter((t) => t >= from && t <= to).sort((a, b) => a - b);
  const out: { start: number; end: number; person: string | null }[] = [];
  let crowded = 0;
  // Entries sorted by start feed an active list; each elementary interval takes the first listed.
  const byStart = [...entries].sort((a, b) => a.start - b.start);
  let next = 0;
  let active: typeof entries = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    while (next < byStart.length && byStart[next]!.start <= start) active.push(byStart[next++]!);
    active = active.filter((e) => e.end > start);
    const onCall = active.length === 0 ? null : active.reduce((a, b) => (b.order < a.order ? b : a));
    if (new Set(active.map((e) => e.person)).size > 1) crowded += end - start;
    const person = onCall?.person ?? null;
    const last = out[out.length - 1];
    if (last && last.person === person && last.end === start) last.end = end;
    else out.push({ start, end, person });
  }
  if (crowded > 0) {
    warn(finals.resultsPath, `has several people on call at once for ${Math.round(crowded / MINUTE)} min; the expected timeline counts the first one listed`);
  }
  draft.expected.push({ schedule: target.source, from, to, entries: out });
}

/** Weekly span doc of `span` (minutes of week in the layer's zone). */
function spanDoc(span: Span, shift: number): WeeklySpanDoc {
  const at = (m: number) => {
    const w = (((m + shift) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
    const clock = w % 1440;
    return `${WEEKDAYS[Math.floor(w / 1440)]} ${String(Math.floor(clock / 60)).padStart(2, '0')}:${String(clock % 60).padStart(2, '0')}`;
  };
  return { from: at(span.at), to: at(span.at + span.length) };
}

/** The layer of `plan` in the Rota schedule's `zone` (converted at its start's offset when the shift's zone is another). */
function layerDoc(plan: LayerPlan, id: string, zone: string, person: (userId: string) => string, warn: Warn): LayerDoc {
  const startLocal = toLocal(zone, plan.start);
  const shift = Math.round((startLocal - toLocal(plan.zone, plan.start)) / MINUTE);
  if (plan.zone !== zone) {
    warn(`${plan.path}/time_zone`, `the shift is in ${plan.zone}, the schedule in ${zone}: its times are converted at the offset of its start (${shift >= 0 ? '+' : ''}${shift} min), so where the zones' daylight-saving rules differ its handoffs move by the difference`);
  }
  const days = (list: number[]) => {
    const clock = Math.round((toLocal(plan.zone, plan.start) % DAY) / MINUTE);
    const by = Math.floor((clock + shift) / 1440);
    return list.map((d) => WEEKDAYS[(((d + by) % 7) + 7) % 7]).join(',');
  };
  const start = formatLocal(startLocal);
  const h = plan.handoffs;
  const rotation: RotationDoc =
    h.kind === 'every' ? { every: h.every, start }
    : h.kind === 'days' ? { rrule: `FREQ=DAILY;BYDAY=${days(h.days)}`, start }
    : h.kind === 'week' ? { rrule: `FREQ=WEEKLY;BYDAY=${days([h.day])}`, start }
    : { per: 'window', start };
  const layer: LayerDoc = { id, name: plan.name.slice(0, 200), participants: plan.participants.map(person), rotation };
  if (plan.spans) layer.activeWhen = { weekly: plan.spans.map((s) => spanDoc(s, shift)) };
  if (plan.end !== null) {
    const end = toLocal(zone, plan.end);
    layer.end = formatLocal(end);
    if (toInstant(zone, end - (end % MINUTE)) !== plan.end) {
      warn(`${plan.path}/until`, `the shift's last event ends at ${new Date(plan.end).toISOString()}, a time Rota's local "end" cannot name exactly in ${zone}; imported as ${layer.end}`);
    }
  }
  return layer;
}

/** People get their ids (only those something refers to), then every draft is written with them. */
function assemble(draft: Draft, all: GoUser[], users: Map<string, GoUser>, warnings: ImportWarning[], isZone: (zone: string) => boolean) {
  const warn: Warn = (path, message) => warnings.push({ path, message });
  const referenced = new Set<string>([
    ...draft.schedules.flatMap((s) => s.layers.flatMap((l) => l.plan.participants)),
    ...draft.overrides.map((o) => o.person),
    ...draft.expected.flatMap((e) => e.entries.flatMap((x) => (x.person === null ? [] : [x.person]))),
  ]);
  const slug = uniqueSlugs();
  const people: ImportedPerson[] = all
    .filter((u) => referenced.has(u.id) && users.get(u.id) === u)
    .map((u) => {
      const email = u.email ? u.email.toLowerCase() : null;
      const timeZone = u.timezone !== null && isZone(u.timezone) ? u.timezone : null;
      if (u.timezone !== null && timeZone === null) warn(`${u.path}/timezone`, `unknown time zone "${u.timezone}"; left out`);
      return { id: slug(email ? email.split('@')[0]! : u.username, 'person'), name: u.username || email || u.id, email, timeZone, sourceId: u.id };
    });
  const idOf = new Map(people.map((p) => [p.sourceId, p.id]));
  const person = (userId: string) => idOf.get(userId)!;
  const scheduleIds = uniqueSlugs();
  const rotaId = new Map<GoSchedule, string>();
  const schedules: ImportedSchedule[] = draft.schedules.map((s) => {
    const id = scheduleIds(s.source.name, 'schedule');
    rotaId.set(s.source, id);
    const document: ScheduleDoc = {
      id,
      name: s.source.name.slice(0, 200),
      timeZone: s.zone,
      requireCoverage: false,
      layers: s.layers.map((l) => layerDoc(l.plan, l.id, s.zone, person, warn)),
    };
    return { id, document, sourceId: s.source.id };
  });
  const overrides: ImportedOverride[] = draft.overrides.map((o) => ({
    schedule: rotaId.get(o.schedule)!,
    person: person(o.person),
    start: o.start,
    end: o.end,
    note: o.note,
  }));
  const expected: ExpectedTimeline[] = draft.expected.map((e) => ({
    schedule: rotaId.get(e.schedule)!,
    from: e.from,
    to: e.to,
    entries: e.entries.map((x) => ({ start: x.start, end: x.end, person: x.person === null ? null : person(x.person) })),
  }));
  return { people, schedules, overrides, warnings, expected };
}
