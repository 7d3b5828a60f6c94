/**
 * The final timeline (spec §4 "Final schedule", §7): per version in force, each layer's
 * assignments cut by its ActiveWhen and its end (and handed to substitutes where whenAway is
 * "next", spec §13), then one sweep over the change points picks
 * override > last active layer > fallback > gap, and equal neighbours merge.
 */
import type { HolidayLookup, OverrideInput, Shift, TimeOffInput } from './types.js';
import type { CompiledLayer, CompiledSchedule } from './compile.js';
import { activeIntervals } from './active-when.js';
import { intersectIntervals } from './intervals.js';
import { DAY } from './localtime.js';
import { WorkBudget } from './budget.js';
import { OverrideSweep } from './overrides.js';
import { holdersOf } from './time-off.js';
import { versionSpans } from './versions.js';

export interface TimelineInput {
  /** Sorted by effectiveFrom; the first version also answers before its effectiveFrom (spec §4 Versions). */
  versions: readonly { effectiveFrom: number; schedule: CompiledSchedule }[];
  /**
   * In any order. The engine indexes them by time once per array (see overrides.ts), so keep
   * reusing the same array for the same schedule, and never mutate it.
   */
  overrides: readonly OverrideInput[];
  /**
   * People's time off (spec §13), in any order; at least the entries overlapping the window asked
   * about. Indexed once per array like `overrides`: reuse it, never mutate it. Absent = none.
   */
  timeOff?: readonly TimeOffInput[];
  holidays: HolidayLookup;
}

/** A shift whose bounds are null where they lie beyond the search horizon (see shiftAt). */
export interface AtShift extends Omit<Shift, 'start' | 'end'> {
  start: number | null;
  end: number | null;
}

export interface LayerTimeline {
  layerId: string;
  name?: string;
  shifts: Shift[];
}

function sameHolder(a: Shift, b: Shift): boolean {
  return a.personId === b.personId && a.source === b.source && a.layerId === b.layerId && a.overrideId === b.overrideId;
}

/** Appends `s`, extending the last shift instead when it touches and has the same holder. */
function pushMerged(out: Shift[], s: Shift): void {
  const last = out[out.length - 1];
  if (last && last.end === s.start && sameHolder(last, s)) last.end = s.end;
  else out.push({ ...s });
}

/** The version-in-force pieces of [from, to). */
function versionPieces(input: TimelineInput, from: number, to: number) {
  return versionSpans(input.versions, from, to).map((s) => ({ schedule: s.version.schedule, from: s.from, to: s.to }));
}

/**
 * A layer's shifts in [from, to): its rotation's assignments where it is active, before its
 * `end`, each held by the assigned participant or (whenAway "next") a substitute (time-off.ts).
 */
function layerShifts(
  zone: string,
  layer: CompiledLayer,
  input: TimelineInput,
  from: number,
  to: number,
  budget: WorkBudget,
): Shift[] {
  if (layer.participants.length === 0) return [];
  const lo = Math.max(from, layer.rotation.start);
  // Cutting the window at `end` cuts a per-window rotation's last window there too; earlier
  // windows are numbered from the start as before.
  const hi = Math.min(to, layer.end);
  if (hi <= lo) return [];
  const assigned = layer.rotation.assignments(input.holidays, lo, hi, budget);
  budget.spend(assigned.length);
  const active = activeIntervals(zone, layer.activeWhen, input.holidays, lo, hi, budget);
  const timeOff = layer.whenAway === 'next' ? input.timeOff : undefined;
  // Fields written out, not spread: spreading these objects was most of a year's timeline.
  return holdersOf(intersectIntervals(assigned, active), layer.participants, timeOff, lo, hi).map((h) => ({
    start: h.start,
    end: h.end,
    personId: h.personId,
    source: 'layer' as const,
    layerId: layer.id,
    overrideId: null,
  }));
}

/** The final timeline of one version over [from, to), appended to `out`. */
function sweepVersion(schedule: CompiledSchedule, input: TimelineInput, from: number, to: number, out: Shift[], budget: WorkBudget): void {
  const layers = schedule.layers.map((l) => layerShifts(schedule.timeZone, l, input, from, to, budget));
  const ovs = new OverrideSweep(input.overrides, from, to);
  const points = new Set<number>([from, to, ...ovs.points]);
  for (const list of layers) for (const s of list) points.add(s.start).add(s.end);
  const sorted = [...points].sort((a, b) => a - b);
  const cursor = layers.map(() => 0);
  for (let p = 0; p + 1 < sorted.length; p++) {
    const start = sorted[p]!;
    const end = sorted[p + 1]!;
    let shift: Shift | null = null;
    const o = ovs.at(start);
    if (o) shift = { start, end, personId: o.personId, source: 'override', layerId: null, overrideId: o.id };
    // Advance every layer's cursor (kept monotone), then let the last active layer win.
    for (let i = 0; i < layers.length; i++) {
      const list = layers[i]!;
      while (cursor[i]! < list.length && list[cursor[i]!]!.end <= start) cursor[i]!++;
    }
    for (let i = layers.length - 1; i >= 0 && !shift; i--) {
      const s = layers[i]![cursor[i]!];
      if (s && s.start <= start) shift = { ...s, start, end };
    }
    shift ??= schedule.fallback
      ? { start, end, personId: schedule.fallback, source: 'fallback', layerId: null, overrideId: null }
      : { start, end, personId: null, source: 'gap', layerId: null, overrideId: null };
    pushMerged(out, shift);
  }
}

/** Contiguous final shifts covering exactly [from, to); empty when to ≤ from. */
export function computeTimeline(input: TimelineInput, from: number, to: number): Shift[] {
  const out: Shift[] = [];
  if (to <= from) return out;
  const pieces = versionPieces(input, from, to);
  // With no version at all there is no layer and no fallback: overrides or gap.
  if (pieces.length === 0) pieces.push({ schedule: EMPTY_SCHEDULE, from, to });
  const budget = new WorkBudget();
  for (const p of pieces) sweepVersion(p.schedule, input, p.from, p.to, out, budget);
  return out;
}

const EMPTY_SCHEDULE: CompiledSchedule = {
  doc: { name: '', timeZone: 'UTC', layers: [] },
  timeZone: 'UTC',
  fallback: null,
  layers: [],
};

/** How far shiftAt looks for a shift's bounds: 3 years (spec §7), counting a leap day. */
export const SHIFT_HORIZON = 1096 * DAY;

/**
 * The final shift containing `at`, with the bounds `computeTimeline` would give it. Searches a
 * window around `at` that doubles from one day until the shift starts and ends strictly inside
 * it; a bound still clipped at the horizon (3 years unless given) is reported as null.
 */
export function shiftAt(input: TimelineInput, at: number, horizon: number = SHIFT_HORIZON): AtShift {
  for (let reach = Math.min(DAY, horizon); ; reach = Math.min(reach * 2, horizon)) {
    const from = at - reach;
    const to = at + reach;
    const shift = computeTimeline(input, from, to).find((s) => s.start <= at && at < s.end)!;
    const startKnown = shift.start > from;
    const endKnown = shift.end < to;
    if ((startKnown && endKnown) || reach >= horizon) {
      return { ...shift, start: startKnown ? shift.start : null, end: endKnown ? shift.end : null };
    }
  }
}

/**
 * Per-layer rows for the web timeline: where each layer is active, whom its rotation assigns
 * (or, whenAway "next", who substitutes for an away participant).
 */
export function computeLayerTimelines(input: TimelineInput, from: number, to: number): LayerTimeline[] {
  const rows = new Map<string, LayerTimeline>();
  const pieces = versionPieces(input, from, to);
  // Row order and names follow the newest version in the window; older-only layers come after.
  for (const p of [...pieces].reverse()) {
    for (const l of p.schedule.layers) {
      if (!rows.has(l.id)) rows.set(l.id, { layerId: l.id, ...(l.name !== undefined ? { name: l.name } : {}), shifts: [] });
    }
  }
  const budget = new WorkBudget();
  for (const p of pieces) {
    for (const l of p.schedule.layers) {
      const row = rows.get(l.id)!;
      for (const s of layerShifts(p.schedule.timeZone, l, input, p.from, p.to, budget)) pushMerged(row.shifts, s);
    }
  }
  return [...rows.values()];
}
