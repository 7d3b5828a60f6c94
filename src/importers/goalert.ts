/**
 * GoAlert → Rota (spec §16; README "From GoAlert"). A GoAlert schedule puts on call EVERY target
 * (a rotation or a user) that one of its rules makes active, so several people can be on call
 * at once; Rota has one person per schedule (the last active layer wins). A schedule whose
 * targets are never active together becomes one Rota schedule, a layer per target; one whose
 * targets overlap becomes one Rota schedule per target, and a warning says so.
 *
 * User overrides: a "replace" swaps one user for another only where that user is on call within
 * its span — so it becomes Rota overrides on exactly those intervals (computed with the engine
 * from the mapped schedule); "add" and "remove" ones change how many people are on call, which
 * Rota cannot express: reported, not imported. Temporary schedules (which replace everything)
 * become overrides too, listed last so that they win.
 */
import {
  type CompiledSchedule,
  type Interval,
  type LayerDoc,
  type OverrideInput,
  type ScheduleDoc,
  TimelineTooLargeError,
  compileSchedule,
  computeTimeline,
  isValidZone,
  validateSchedule,
} from '../engine/index.js';
import { SCHEDULE_LIMITS } from '../engine/limits.js';
import {
  type GoalertDocument,
  type GoalertOverride,
  type GoalertRotation,
  type GoalertSchedule,
  type GoalertShift,
  type GoalertTarget,
  type GoalertUser,
  readGoalertDocument,
} from './goalert-document.js';
import { type MappedRotation, ONE_PERSON_ROTATION, mapRotation } from './goalert-rotation.js';
import { endDiffers, startDiffers } from './goalert-dst.js';
import { activeWhenOf, clockText, firstOverlap, weekMinuteLabel, weekMinutesOf } from './goalert-rules.js';
import { uniqueSlugs } from './ids.js';
import type { ExpectedTimeline, ImportWarning, ImportedOverride, ImportedPerson, ImportedSchedule, SourceImport, SourceMapper } from './types.js';

const MINUTE = 60_000;
const NO_OVERRIDES: readonly OverrideInput[] = [];
const NO_HOLIDAYS = () => [];
const iso = (t: number) => new Date(t).toISOString();

/** A target as a layer, participants still by GoAlert user id. */
interface TargetLayer {
  name: string;
  participants: string[];
  rotation: LayerDoc['rotation'];
  activeWhen: LayerDoc['activeWhen'];
  /** Where the target's rules are active, in minutes of the wall-clock week (for overlaps). */
  week: Interval[];
}

/** A Rota schedule made from a GoAlert schedule; `compiled` is null if the document did not validate. */
interface Made {
  id: string;
  compiled: CompiledSchedule | null;
}

class GoalertMapping {
  readonly warnings: ImportWarning[] = [];
  readonly schedules: ImportedSchedule[] = [];
  readonly overrides: ImportedOverride[] = [];
  readonly expected: ExpectedTimeline[] = [];
  private readonly people = new Map<string, ImportedPerson>();
  private readonly personIds = uniqueSlugs();
  private readonly scheduleIds = uniqueSlugs();
  private readonly users: Map<string, GoalertUser>;
  private readonly rotations: Map<string, { rotation: GoalertRotation; path: string }>;
  /** Each rotation mapped once per zone (its warnings said once, however many schedules use it). */
  private readonly mappedRotations = new Map<string, MappedRotation | null>();
  private readonly zones = new Map<string, boolean>();
  /** GoAlert schedule id → the Rota schedules made from it. */
  private readonly made = new Map<string, Made[]>();

  constructor(private readonly doc: GoalertDocument) {
    this.users = new Map(doc.users.map((u) => [u.id, u]));
    this.rotations = new Map(doc.rotations.map((r, i) => [r.id, { rotation: r, path: `/data/rotations/nodes/${i}` }]));
  }

  private warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }

  /** The proposed person id of a GoAlert user, imported on first reference. */
  private person(userId: string): string {
    let p = this.people.get(userId);
    if (!p) {
      const u = this.users.get(userId)!;
      const email = u.email === '' ? null : u.email.toLowerCase();
      const local = email?.split('@')[0] ?? '';
      p = { id: this.personIds(local !== '' ? local : u.name, 'person'), name: u.name, email, timeZone: null, sourceId: u.id };
      this.people.set(userId, p);
    }
    return p.id;
  }

  private nameOf(t: GoalertTarget): string {
    if (t.name !== null) return t.name;
    return t.type === 'user' ? this.users.get(t.id)!.name : this.rotations.get(t.id)!.rotation.name;
  }

  /**
   * Rules are read in the schedule's zone and rotations hand off in their own; a Rota schedule
   * has one. When no rule restricts any target, the schedule's zone changes nothing, so the
   * rotations' zone (if they share one) is taken and their handoffs stay exact.
   */
  private zoneOf(s: GoalertSchedule): string {
    if (!s.targets.every((t) => activeWhenOf(t.rules) === undefined)) return s.timeZone;
    const zones = new Set(s.targets.filter((t) => t.type === 'rotation').map((t) => this.rotations.get(t.id)!.rotation.timeZone));
    const [only] = zones;
    return zones.size === 1 && this.knownZone(only!) ? only! : s.timeZone;
  }

  /** isValidZone, asked once per zone: luxon builds an Intl formatter each time (~0.5 ms). */
  private knownZone(zone: string): boolean {
    let known = this.zones.get(zone);
    if (known === undefined) this.zones.set(zone, (known = isValidZone(zone)));
    return known;
  }

  private rotationOf(id: string, zone: string): MappedRotation | null {
    const key = `${zone}\n${id}`;
    if (!this.mappedRotations.has(key)) {
      const { rotation, path } = this.rotations.get(id)!;
      this.mappedRotations.set(key, mapRotation(rotation, zone, path, this.warnings));
    }
    return this.mappedRotations.get(key)!;
  }

  private targetLayer(t: GoalertTarget, zone: string, path: string): TargetLayer | null {
    const name = this.nameOf(t);
    const activeWhen = activeWhenOf(t.rules);
    if (activeWhen === null) {
      this.warn(`${path}/rules`, `no rule of target "${name}" is ever active (no weekday enabled), so it puts nobody on call: not imported`);
      return null;
    }
    if ((activeWhen?.weekly?.length ?? 0) > SCHEDULE_LIMITS.weekly) {
      this.warn(`${path}/rules`, `target "${name}" has more than ${SCHEDULE_LIMITS.weekly} rules, more than a Rota layer holds: not imported`);
      return null;
    }
    if (activeWhen) this.dstEdges(t, zone, path);
    const mapped = t.type === 'user' ? { participants: [t.id], rotation: { ...ONE_PERSON_ROTATION } } : this.rotationOf(t.id, zone);
    if (!mapped) return null;
    return { name, ...mapped, activeWhen, week: weekMinutesOf(t.rules) };
  }

  /** Rule clock times that DST makes GoAlert and Rota place differently (goalert-dst.ts). */
  private dstEdges(t: GoalertTarget, zone: string, path: string): void {
    t.rules.forEach((r, k) => {
      if (!r.weekdayFilter.some(Boolean)) return;
      for (const [key, why] of [['start', startDiffers(zone, r.start)], ['end', endDiffers(zone, r.end)]] as const) {
        if (why) this.warn(`${path}/rules/${k}/${key}`, `${key} ${clockText(key === 'start' ? r.start : r.end)} ${why} (${zone})`);
      }
    });
  }

  private rotaName(name: string, path: string): string {
    if (name.length <= SCHEDULE_LIMITS.name) return name;
    this.warn(path, `name cut to Rota's ${SCHEDULE_LIMITS.name} characters`);
    return name.slice(0, SCHEDULE_LIMITS.name);
  }

  private addSchedule(source: GoalertSchedule, name: string, zone: string, layers: TargetLayer[], path: string): Made {
    const layerIds = uniqueSlugs();
    const document: ScheduleDoc = {
      name: this.rotaName(name, `${path}/name`),
      timeZone: zone,
      requireCoverage: false,
      layers: layers.map((l) => ({
        id: layerIds(l.name, 'layer'),
        name: l.name.slice(0, SCHEDULE_LIMITS.name),
        participants: l.participants.map((u) => this.person(u)),
        rotation: { ...l.rotation },
        ...(l.activeWhen ? { activeWhen: l.activeWhen } : {}),
      })),
    };
    const id = this.scheduleIds(name, 'schedule');
    this.schedules.push({ id, document, sourceId: source.id });
    // A mapper bug must not turn into wrong overrides: the service refuses the schedule itself.
    const made = { id, compiled: validateSchedule(document).length === 0 ? compileSchedule(document) : null };
    this.made.set(source.id, [...(this.made.get(source.id) ?? []), made]);
    return made;
  }

  schedule(s: GoalertSchedule, index: number): void {
    const path = `/data/schedules/nodes/${index}`;
    const zone = this.zoneOf(s);
    if (!this.knownZone(zone)) {
      this.warn(`${path}/timeZone`, `unknown time zone "${zone}": schedule "${s.name}" not imported`);
      return;
    }
    let layers = s.targets.flatMap((t, j) => this.targetLayer(t, zone, `${path}/targets/${j}`) ?? []);
    const clash = firstClash(layers);
    if (clash) {
      const [a, b] = [layers[clash.a]!, layers[clash.b]!];
      const ids = layers.map((l) => this.addSchedule(s, `${s.name} / ${l.name}`, zone, [l], path).id);
      this.warn(
        `${path}/targets`,
        `targets "${a.name}" and "${b.name}" are both on call at ${weekMinuteLabel(clash.minute)} (GoAlert notifies everyone its rules make active; Rota has one person on call per schedule): each target is imported as its own schedule (${ids.join(', ')})`,
      );
      if (s.shifts !== null) this.warn(`${path}/shifts`, 'the schedule was split into one per target, so its combined timeline is not compared');
      return;
    }
    if (layers.length > SCHEDULE_LIMITS.layers) {
      this.warn(`${path}/targets`, `more than ${SCHEDULE_LIMITS.layers} targets, more layers than a Rota schedule holds: the first ${SCHEDULE_LIMITS.layers} are imported`);
      layers = layers.slice(0, SCHEDULE_LIMITS.layers);
    }
    const made = this.addSchedule(s, s.name, zone, layers, path);
    if (s.shifts !== null) this.expect(made.id, s.shifts, `${path}/shifts`);
  }

  /**
   * GoAlert's own timeline (the schedule's `shifts` over the document's window) as the expected
   * one, gaps as nobody; not when it has two people on call at once (add overrides do that).
   */
  private expect(schedule: string, shifts: GoalertShift[], path: string): void {
    // GoAlert computes shifts per whole minute, truncating the window it was asked for.
    const window = this.doc.window;
    const from = window ? floorMinute(window.start) : shifts.reduce((t, s) => Math.min(t, s.start), Infinity);
    const to = window ? floorMinute(window.end) : shifts.reduce((t, s) => Math.max(t, s.end), -Infinity);
    if (!(to > from)) return;
    const entries: ExpectedTimeline['entries'] = [];
    let cursor = from;
    let previous: GoalertShift | null = null;
    const sorted = shifts.map((s, i) => ({ ...s, i })).sort((a, b) => a.start - b.start);
    for (const s of sorted) {
      const start = Math.max(s.start, from);
      const end = Math.min(s.end, to);
      if (end <= start) continue;
      if (start < cursor) {
        const names = [previous!, s].map((x) => this.users.get(x.userID)!.name).join(' and ');
        this.warn(`${path}/${s.i}`, `GoAlert has two people on call at once from ${iso(start)} (${names}); Rota has one per schedule: the timeline is not compared`);
        return;
      }
      if (start > cursor) entries.push({ start: cursor, end: start, person: null });
      entries.push({ start, end, person: this.person(s.userID) });
      cursor = end;
      previous = s;
    }
    if (cursor < to) entries.push({ start: cursor, end: to, person: null });
    this.expected.push({ schedule, from, to, entries });
  }

  /** Intervals of [from, to) where `person` is on call in `made` by its layers alone. */
  private holdings(made: Made, person: string, from: number, to: number, path: string): Interval[] {
    if (!made.compiled) return [];
    try {
      const input = { versions: [{ effectiveFrom: from, schedule: made.compiled }], overrides: NO_OVERRIDES, holidays: NO_HOLIDAYS };
      return computeTimeline(input, from, to).filter((s) => s.personId === person);
    } catch (e) {
      if (!(e instanceof TimelineTooLargeError)) throw e;
      this.warn(path, `the override spans more handoffs than Rota computes at once (${e.message}): not imported`);
      return [];
    }
  }

  userOverride(o: GoalertOverride, index: number): void {
    const path = `/data/userOverrides/nodes/${index}`;
    const made = this.made.get(o.scheduleID);
    if (!made) {
      this.warn(`${path}/target/id`, 'its schedule was not imported: not imported');
      return;
    }
    if (o.removeUserID === null || o.addUserID === null) {
      const [verb, user] = o.removeUserID === null ? ['adds', o.addUserID!] : ['removes', o.removeUserID];
      this.warn(
        path,
        `${verb} ${this.users.get(user)!.name} ${verb === 'adds' ? 'alongside whoever is' : 'from those'} on call from ${iso(o.start)} to ${iso(o.end)}; Rota has exactly one person on call (overrides replace): not imported`,
      );
      return;
    }
    if (o.offMinute) this.warn(path, 'start or end is not on a whole minute: GoAlert applies it per minute, Rota at the exact instants given');
    const removed = this.person(o.removeUserID);
    const added = this.person(o.addUserID);
    let count = 0;
    for (const m of made) {
      for (const h of this.holdings(m, removed, o.start, o.end, path)) {
        this.overrides.push({ schedule: m.id, person: added, start: h.start, end: h.end, note: `GoAlert override ${o.id}` });
        count++;
      }
    }
    if (count === 0) {
      this.warn(path, `replaces ${this.users.get(o.removeUserID)!.name}, who is not on call in the imported schedule from ${iso(o.start)} to ${iso(o.end)}: nothing to replace`);
    }
  }

  temporarySchedules(s: GoalertSchedule, index: number): void {
    const made = this.made.get(s.id);
    if (!made) return;
    s.temporarySchedules.forEach((t, j) => {
      const path = `/data/schedules/nodes/${index}/temporarySchedules/${j}`;
      if (made.length > 1) {
        this.warn(path, 'the schedule was split into one per target, and a temporary schedule replaces them all together: not imported');
        return;
      }
      const gaps: Interval[] = [];
      let cursor = t.start;
      for (const shift of [...t.shifts].sort((a, b) => a.start - b.start)) {
        const start = Math.max(shift.start, t.start);
        const end = Math.min(shift.end, t.end);
        if (end <= start) continue;
        if (start < cursor) this.warn(path, `two people on call at once from ${iso(start)}: in Rota the later shift wins`);
        if (start > cursor) gaps.push({ start: cursor, end: start });
        this.overrides.push({ schedule: made[0]!.id, person: this.person(shift.userID), start, end, note: 'GoAlert temporary schedule' });
        cursor = Math.max(cursor, end);
      }
      if (cursor < t.end) gaps.push({ start: cursor, end: t.end });
      if (gaps.length > 0) {
        this.warn(
          path,
          `the temporary schedule leaves nobody on call from ${iso(gaps[0]!.start)} to ${iso(gaps[0]!.end)}${gaps.length > 1 ? ` (and ${gaps.length - 1} more gaps)` : ''}; a Rota override cannot make a gap, so the imported layers apply there`,
        );
      }
    });
  }

  result(): SourceImport {
    return {
      people: [...this.people.values()],
      schedules: this.schedules,
      overrides: this.overrides,
      warnings: this.warnings,
      expected: this.expected,
    };
  }
}

function floorMinute(t: number): number {
  return Math.floor(t / MINUTE) * MINUTE;
}

/** The first two layers active at the same wall-clock minute of the week, or null. */
function firstClash(layers: readonly TargetLayer[]): { a: number; b: number; minute: number } | null {
  for (let a = 0; a < layers.length; a++) {
    for (let b = a + 1; b < layers.length; b++) {
      const minute = firstOverlap(layers[a]!.week, layers[b]!.week);
      if (minute !== null) return { a, b, minute };
    }
  }
  return null;
}

export const fromGoalert: SourceMapper = (input) => {
  const doc = readGoalertDocument(input);
  const mapping = new GoalertMapping(doc);
  doc.schedules.forEach((s, i) => mapping.schedule(s, i));
  // In Rota the newest override wins: user overrides by start as GoAlert applies them, then
  // temporary schedules, which in GoAlert override everything while they last.
  doc.overrides
    .map((o, i) => ({ o, i }))
    .sort((x, y) => x.o.start - y.o.start)
    .forEach(({ o, i }) => mapping.userOverride(o, i));
  doc.schedules.forEach((s, i) => mapping.temporarySchedules(s, i));
  return mapping.result();
};
