/**
 * People's time off (spec §13) indexed by person and time, so that a timeline's cost follows the
 * time off inside its window, not every entry ever stored (the way overrides.ts indexes overrides).
 */
import type { TimeOffInput } from './types.js';
import { type Interval, mergeIntervals } from './intervals.js';

/** One person's time off: entries by start with their running latest end, and the merged union. */
interface PersonTimeOff {
  /** The entries sorted by start; reach[i] = the latest end among byStart[0..i] (non-decreasing). */
  byStart: TimeOffInput[];
  reach: number[];
  /** Sorted, disjoint, non-touching: when the person is away at all; awayEnds[i] = away[i].end. */
  away: Interval[];
  awayEnds: number[];
}

/** Built once per time-off array: a schedule's TimelineInput is reused, and callers never mutate it. */
const indexes = new WeakMap<readonly TimeOffInput[], Map<string, PersonTimeOff>>();

function indexOf(timeOff: readonly TimeOffInput[]): Map<string, PersonTimeOff> {
  let index = indexes.get(timeOff);
  if (!index) {
    const byPerson = new Map<string, TimeOffInput[]>();
    for (const t of timeOff) {
      if (t.end <= t.start) continue;
      const list = byPerson.get(t.personId);
      if (list) list.push(t);
      else byPerson.set(t.personId, [t]);
    }
    index = new Map();
    for (const [person, entries] of byPerson) {
      const byStart = entries.sort((a, b) => a.start - b.start);
      const reach: number[] = [];
      for (const t of byStart) reach.push(Math.max(reach[reach.length - 1] ?? -Infinity, t.end));
      const away = mergeIntervals(byStart.map((t) => ({ start: t.start, end: t.end })));
      index.set(person, { byStart, reach, away, awayEnds: away.map((a) => a.end) });
    }
    indexes.set(timeOff, index);
  }
  return index;
}

/** First position in a non-decreasing list whose value exceeds `t` (binary search). */
function firstAbove(values: readonly number[], t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** When `person` is away within [from, to): sorted, disjoint intervals clipped to the window. */
function awayWithin(timeOff: readonly TimeOffInput[] | undefined, person: string, from: number, to: number): Interval[] {
  const entry = timeOff && indexOf(timeOff).get(person);
  if (!entry) return [];
  const { away, awayEnds } = entry;
  const out: Interval[] = [];
  // The merged intervals are disjoint, so their ends rise with their starts.
  for (let i = firstAbove(awayEnds, from); i < away.length && away[i]!.start < to; i++) {
    out.push({ start: Math.max(away[i]!.start, from), end: Math.min(away[i]!.end, to) });
  }
  return out;
}

/** `person`'s time-off entries overlapping [from, to), by start, unclipped. */
export function timeOffWithin(timeOff: readonly TimeOffInput[] | undefined, person: string, from: number, to: number): TimeOffInput[] {
  const entry = timeOff && indexOf(timeOff).get(person);
  if (!entry) return [];
  const out: TimeOffInput[] = [];
  // `reach` is non-decreasing: every entry before the first reach above `from` ended by then.
  for (let i = firstAbove(entry.reach, from); i < entry.byStart.length && entry.byStart[i]!.start < to; i++) {
    if (entry.byStart[i]!.end > from) out.push(entry.byStart[i]!);
  }
  return out;
}

/** [start, end) held by `personId` in a layer (before the final sweep). */
export interface Held extends Interval {
  personId: string;
}

/**
 * Who holds each piece of a layer's assignments (sorted, disjoint; `index` = the rotation's
 * number). Without `timeOff`, participants[index mod n]. With it (whenAway "next", spec §13),
 * each piece is split where a participant's time off begins or ends, and each part goes to the
 * first of participants[index], [index + 1], … (mod n) not away in it; a part where all of them
 * are away is left out, so the layer is not active there. The rotation itself does not move.
 * Cost follows the pieces and the time off inside [from, to), never the length of time.
 */
export function holdersOf(
  pieces: readonly (Interval & { index: number })[],
  participants: readonly string[],
  timeOff: readonly TimeOffInput[] | undefined,
  from: number,
  to: number,
): Held[] {
  const n = participants.length;
  const away = new Map<string, Interval[]>();
  for (const person of new Set(participants)) {
    const list = awayWithin(timeOff, person, from, to);
    if (list.length > 0) away.set(person, list);
  }
  if (away.size === 0) return pieces.map((a) => ({ start: a.start, end: a.end, personId: participants[a.index % n]! }));

  const bounds = new Set<number>();
  for (const list of away.values()) for (const i of list) bounds.add(i.start).add(i.end);
  // A typed array sorts numbers without a comparator call per comparison.
  const points = Float64Array.from(bounds).sort();
  // Per person, the first of their intervals not yet over: asked at non-decreasing instants.
  const cursor = new Map<string, number>();
  const isAway = (person: string, t: number): boolean => {
    const list = away.get(person);
    if (!list) return false;
    let i = cursor.get(person) ?? 0;
    while (i < list.length && list[i]!.end <= t) i++;
    cursor.set(person, i);
    return i < list.length && list[i]!.start <= t;
  };
  const firstPresent = (index: number, t: number): string | null => {
    for (let j = 0; j < n; j++) {
      const person = participants[(index + j) % n]!;
      if (!isAway(person, t)) return person;
    }
    return null;
  };

  const out: Held[] = [];
  let q = 0;
  for (const a of pieces) {
    while (q < points.length && points[q]! <= a.start) q++;
    const first = out.length;
    for (let s = a.start; s < a.end; ) {
      const e = q < points.length && points[q]! < a.end ? points[q++]! : a.end;
      const personId = firstPresent(a.index, s);
      const last = out.length > first ? out[out.length - 1]! : null;
      // Parts of one assignment with the same holder are one shift.
      if (personId !== null && last !== null && last.personId === personId && last.end === s) last.end = e;
      else if (personId !== null) out.push({ start: s, end: e, personId });
      s = e;
    }
  }
  return out;
}
