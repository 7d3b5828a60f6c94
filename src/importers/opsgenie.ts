/**
 * Moving in from Opsgenie (spec §16). An Opsgenie schedule's rotations are cumulative: everyone
 * on call in any rotation is notified. Rota's layers are not (the later one wins), so rotations
 * that can never be on call at the same moment become the layers of one schedule, and otherwise
 * each rotation becomes its own schedule; a warning says which. Overrides limited to some
 * rotations replace only those rotations' turns; Opsgenie's final timeline, when the document
 * carries it, becomes the expected timeline the service verifies Rota's against.
 */
import { MAX_LAYER_ASSIGNMENTS, TimelineTooLargeError, computeTimeline, compileSchedule, isValidZone, type ScheduleDoc } from '../engine/index.js';
import { uniqueSlugs } from './ids.js';
import { type OgOverride, type OgPeriod, type OgRotation, type OgSchedule, type OgTimeline, readOpsgenieDocument } from './opsgenie-document.js';
import { OpsgeniePeople } from './opsgenie-people.js';
import { type MappedRotation, mapRotation, overlap } from './opsgenie-rotation.js';
import { SCHEDULE_LIMITS } from '../engine/limits.js';
import type { ExpectedTimeline, ImportWarning, ImportedOverride, ImportedSchedule, SourceMapper } from './types.js';

const HOUR_MS = 3_600_000;
const UNIT_MS = { hourly: HOUR_MS, daily: 24 * HOUR_MS, weekly: 168 * HOUR_MS } as const;
const WEEK_MS = UNIT_MS.weekly;

/** A Rota schedule made from (part of) an Opsgenie schedule, with the rotations it holds. */
interface Made {
  id: string;
  rotations: MappedRotation[];
}

class OpsgenieImport {
  readonly warnings: ImportWarning[] = [];
  readonly schedules: ImportedSchedule[] = [];
  readonly overrides: ImportedOverride[] = [];
  readonly expected: ExpectedTimeline[] = [];
  readonly people: OpsgeniePeople;
  private readonly scheduleSlug = uniqueSlugs();
  /** Handoffs and weekly pieces cutting rotation-limited overrides may cost over the whole import. */
  private clipBudget = 2_000_000;

  constructor(private readonly doc: ReturnType<typeof readOpsgenieDocument>) {
    this.people = new OpsgeniePeople(doc.users, this.warnings);
    const known = new Set(doc.schedules.map((s) => s.id));
    for (const [key, { path }] of doc.overrides) if (!known.has(key)) this.warnings.push({ path, message: `no schedule in /schedules has the id "${key}": ignored` });
    for (const [key, t] of doc.timelines) if (!known.has(key)) this.warnings.push({ path: t.path, message: `no schedule in /schedules has the id "${key}": ignored` });
    for (const s of doc.schedules) this.schedule(s);
  }

  private schedule(s: OgSchedule): void {
    const zone = s.timezone;
    if (zone === null || !isValidZone(zone)) {
      this.warnings.push({ path: `${s.path}/timezone`, message: `${zone === null ? 'missing' : `"${zone}" is not an IANA time zone`}: Rota needs the schedule's zone to read its rotations; schedule not imported` });
      return;
    }
    if (!s.enabled) {
      this.warnings.push({ path: `${s.path}/enabled`, message: 'disabled in Opsgenie (nobody is on call from it); Rota has no disabled schedules: imported as in force' });
    }
    const layerSlug = uniqueSlugs();
    const mapped = s.rotations.flatMap((r, i) => mapRotation(r, zone, layerSlug(r.name ?? '', `rotation-${i + 1}`), this.people, this.warnings) ?? []);
    const clash = firstOverlap(mapped);
    let made: Made[];
    if (clash) {
      const [a, b] = clash;
      this.warnings.push({
        path: `${s.path}/rotations`,
        message:
          `rotations ${nameOf(a)} and ${nameOf(b)} can be on call at the same time (Opsgenie notifies everyone on call in any rotation), ` +
          "which one Rota schedule cannot say (its later layer wins): each rotation is imported as a schedule of its own",
      });
      made = mapped.map((r) => this.make(s, zone, `${s.name} ${r.source.name ?? r.layer.id}`, [r]));
    } else {
      if (mapped.length > 1) {
        this.warnings.push({ path: `${s.path}/rotations`, message: 'its rotations are never on call at the same time: imported as the layers of one schedule' });
      }
      made = [this.make(s, zone, s.name, mapped)];
    }
    for (const o of this.doc.overrides.get(s.id)?.list ?? []) this.override(o, s, zone, made);
    const timeline = this.doc.timelines.get(s.id);
    if (timeline) this.timeline(timeline, s, made, clash !== null);
  }

  private make(s: OgSchedule, zone: string, name: string, rotations: MappedRotation[]): Made {
    const id = this.scheduleSlug(name, 'schedule');
    if (name.length > SCHEDULE_LIMITS.name) this.warnings.push({ path: `${s.path}/name`, message: `longer than Rota's ${SCHEDULE_LIMITS.name} characters: cut` });
    const document: ScheduleDoc = { name: name.slice(0, SCHEDULE_LIMITS.name), timeZone: zone, requireCoverage: false, layers: rotations.map((r) => r.layer) };
    this.schedules.push({ id, document, sourceId: s.id });
    return { id, rotations };
  }

  /**
   * An override without rotations replaces whoever is on call for its whole span, in every
   * schedule made from `s`; one limited to some rotations replaces their turns only, so it is
   * cut to the intervals where those rotations have someone on call.
   */
  private override(o: OgOverride, s: OgSchedule, zone: string, made: Made[]): void {
    if (o.endDate.ms <= o.startDate.ms) {
      this.warnings.push({ path: `${o.path}/endDate`, message: 'ends at or before its start: not imported' });
      return;
    }
    if (o.user.type !== 'user') {
      this.warnings.push({ path: `${o.path}/user`, message: `a ${o.user.type} as override has no Rota equivalent (overrides name a person): not imported` });
      return;
    }
    const person = this.people.personOf(o.user);
    if (person === null) return;
    const add = (schedule: string, start: number, end: number) => this.overrides.push({ schedule, person, start, end, note: o.alias });
    if (o.rotations.length === 0) {
      for (const m of made) add(m.id, o.startDate.ms, o.endDate.ms);
      return;
    }
    for (const ref of o.rotations) {
      const target = rotationNamed(s, ref);
      const holder = target && made.find((m) => m.rotations.some((r) => r.source === target));
      const rotation = holder?.rotations.find((r) => r.source === target);
      if (!holder || !rotation) {
        this.warnings.push({ path: ref.path, message: target ? 'overrides a rotation that was not imported: left out' : 'names no rotation of this schedule: left out' });
        continue;
      }
      const turns = this.turnsWithin(rotation, zone, o.startDate.ms, o.endDate.ms);
      if (turns) for (const [start, end] of turns) add(holder.id, start, end);
      else this.warnings.push({ path: ref.path, message: 'too long to cut to the turns of its rotation within this import: left out' });
    }
  }

  /**
   * The intervals of [from, to) where `rotation` alone puts someone on call, by Rota's engine;
   * null once the import's work budget for this is spent (a document must not tie the server up
   * with long overrides of short rotations).
   */
  private turnsWithin(rotation: MappedRotation, zone: string, from: number, to: number): [number, number][] | null {
    const period = rotation.source.length * UNIT_MS[rotation.source.type];
    const cost = Math.ceil((to - from) / period) + (Math.ceil((to - from) / WEEK_MS) + 2) * rotation.week.length;
    if (cost > Math.min(this.clipBudget, MAX_LAYER_ASSIGNMENTS)) return null;
    this.clipBudget -= cost;
    const schedule = compileSchedule({ name: rotation.layer.id, timeZone: zone, layers: [rotation.layer] });
    try {
      const shifts = computeTimeline({ versions: [{ effectiveFrom: from, schedule }], overrides: [], holidays: () => [] }, from, to);
      return shifts.filter((sh) => sh.personId !== null).map((sh) => [sh.start, sh.end]);
    } catch (e) {
      if (e instanceof TimelineTooLargeError) return null;
      throw e;
    }
  }

  /**
   * Opsgenie's final timeline: per rotation, who it puts on call when. A schedule split per
   * rotation expects that rotation's periods; layers of one schedule never overlap, so their
   * periods together are that schedule's timeline.
   */
  private timeline(t: OgTimeline, s: OgSchedule, made: Made[], split: boolean): void {
    const from = t.startDate.ms;
    const to = t.endDate.ms;
    const said = new Set<string>();
    const once = (path: string, key: string, message: string) => {
      if (said.has(key)) return;
      said.add(key);
      this.warnings.push({ path, message });
    };
    const entriesOf = (periods: OgPeriod[]) => periods.flatMap((p) => {
      const start = Math.max(p.startDate.ms, from);
      const end = Math.min(p.endDate.ms, to);
      if (end <= start) return [];
      if (p.type === 'forwarding') once(p.path, 'forwarding', 'forwarding periods name the person notifications are forwarded to; Rota has no forwarding, so these times will differ');
      return [{ start, end, person: this.recipientOf(p, once) }];
    });
    const byRotation = new Map<MappedRotation, OgTimeline['rotations'][number]>();
    const all: OgTimeline['rotations'][number][] = [];
    for (const tr of t.rotations) {
      const source = rotationNamed(s, tr);
      if (!source) {
        this.warnings.push({ path: tr.path, message: 'names no rotation of this schedule: its periods are not compared' });
        continue;
      }
      all.push(tr);
      const m = made.flatMap((x) => x.rotations).find((r) => r.source === source);
      if (m) byRotation.set(m, tr);
    }
    for (const m of made) {
      const periods = split ? (m.rotations[0] && byRotation.get(m.rotations[0])?.periods) ?? [] : all.flatMap((tr) => tr.periods);
      this.expected.push({ schedule: m.id, from, to, entries: sequenced(entriesOf(periods)) });
    }
  }

  /** The person a period puts on call: its recipient, or a "historical" period's one flattened user; null for none. */
  private recipientOf(p: OgPeriod, once: (path: string, key: string, message: string) => void): string | null {
    const r = p.recipient ?? (p.flattenedRecipients?.length === 1 ? p.flattenedRecipients[0]! : null);
    if (r === null) {
      if (p.flattenedRecipients && p.flattenedRecipients.length > 1) once(p.path, 'many', 'a period with several recipients is compared as nobody on call: Rota has one person on call at a time');
      return null;
    }
    if (r.type === 'none') return null;
    if (r.type !== 'user') {
      once(r.path, `type:${r.type}`, `a ${r.type} on call is compared as nobody on call: Rota's schedules put people on call`);
      return null;
    }
    return this.people.personOf(r);
  }
}

/** The rotation of `s` that an override or timeline names: by id, or by name where it gives no id. */
function rotationNamed(s: OgSchedule, ref: { id: string | null; name: string | null }): OgRotation | undefined {
  return s.rotations.find((r) => (ref.id !== null ? r.id === ref.id : ref.name !== null && r.name === ref.name));
}

/** Two rotations of `mapped` that can be on call at once, or null. */
function firstOverlap(mapped: MappedRotation[]): [MappedRotation, MappedRotation] | null {
  for (let i = 0; i < mapped.length; i++) for (let j = i + 1; j < mapped.length; j++) if (overlap(mapped[i]!, mapped[j]!)) return [mapped[i]!, mapped[j]!];
  return null;
}

function nameOf(r: MappedRotation): string {
  return JSON.stringify(r.source.name ?? r.layer.id);
}

/** Entries sorted by start, a later one cutting short the one before where they overlap. */
function sequenced(entries: ExpectedTimeline['entries']): ExpectedTimeline['entries'] {
  const sorted = [...entries].sort((a, b) => a.start - b.start);
  const out: ExpectedTimeline['entries'] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last.end > e.start) {
      last.end = e.start;
      if (last.end <= last.start) out.pop();
    }
    out.push({ ...e });
  }
  return out;
}

export const fromOpsgenie: SourceMapper = (document) => {
  const run = new OpsgenieImport(readOpsgenieDocument(document));
  return { people: run.people.people, schedules: run.schedules, overrides: run.overrides, warnings: run.warnings, expected: run.expected };
};
