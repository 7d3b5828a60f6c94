/**
 * Rotation clocks (spec §4 Rotation). A clock answers "which participant index holds each part
 * of [from, to)" by jumping straight to the handoff in force at `from` and walking forward, the
 * way GoAlert's per-rule calculators jump to their next change instead of stepping in time.
 */
import { DateTime, Duration } from 'luxon';
import type { HolidayLookup, RotationDoc } from './types.js';
import type { Interval } from './intervals.js';
import { type CompiledActiveWhen, activeIntervals } from './active-when.js';
import type { WorkBudget } from './budget.js';
import { DAY, parseLocalDateTime, toInstant, toLocal } from './localtime.js';
import { type Recurrence, parseRecur, recurrenceOf } from './recurrence/index.js';

/** [start, end) held by participant `index mod n` (index = shift / occurrence / window number). */
export interface Assignment extends Interval {
  index: number;
}

/** Handoffs in floating local time (see localtime.ts), numbered from 0 at the rotation start. */
interface HandoffSeries {
  /** Handoffs whose local time lies in [the last handoff at or before `localFrom`, `localTo`]. */
  handoffs(localFrom: number, localTo: number): { index: number; local: number }[];
}

/** The ECMAScript date range (±100 000 000 days from 1970). */
const MAX_DATE = 8.64e15;

/** `every`: handoff k at local start + k×every, computed from the start each time (no drift). */
class EverySeries implements HandoffSeries {
  private readonly start: number;
  private readonly duration: Duration;
  /** Wall-clock length when the duration has no months/years (then it is exact in floating time). */
  private readonly fixed: number | null;
  private readonly nominal: number;

  constructor(start: number, duration: Duration) {
    this.start = start;
    this.duration = duration;
    const calendar = duration.years !== 0 || duration.quarters !== 0 || duration.months !== 0;
    this.nominal = duration.as('milliseconds');
    this.fixed = calendar ? null : this.nominal;
  }

  /** Handoff k's floating time; Infinity once it falls outside the representable dates (never comes). */
  private local(k: number): number {
    let t: number;
    if (this.fixed !== null) t = this.start + k * this.fixed;
    else t = DateTime.fromMillis(this.start, { zone: 'utc' }).plus(this.duration.mapUnits((x) => x * k)).toMillis();
    // An invalid luxon result is NaN, which compares false with everything: the walk would never end.
    return Number.isFinite(t) && Math.abs(t) <= MAX_DATE ? t : Infinity;
  }

  /** Index of the last handoff at or before `local` (−1 before the start), by estimate + correction. */
  private indexAt(local: number): number {
    if (local < this.start) return -1;
    let k = Math.floor((local - this.start) / this.nominal);
    while (k > 0 && this.local(k) > local) k--;
    while (this.local(k + 1) <= local) k++;
    return k;
  }

  handoffs(localFrom: number, localTo: number) {
    const out: { index: number; local: number }[] = [];
    for (let k = Math.max(0, this.indexAt(localFrom)); ; k++) {
      const local = this.local(k);
      if (local > localTo) return out;
      out.push({ index: k, local });
    }
  }
}

/**
 * `rrule`: occurrences from Rota's own expander (recurrence/), numbered without enumerating them
 * from DTSTART: the handoff in force at `localFrom` is the count of occurrences before it, which
 * the expander keeps per year, so a question about 2190 costs the window, not the 160 years.
 *
 * DTSTART (= `start`) is always occurrence 0, as RFC 5545 §3.8.5.3 says, even when it does not
 * match the rule (rrule.js would drop it); the rule's occurrences after it are 1, 2, ….
 */
class RRuleSeries implements HandoffSeries {
  private readonly start: number;
  private readonly occurrences: Recurrence;
  /** 1 when DTSTART is itself an occurrence of the rule (COUNT counts it), else 0. */
  private readonly startMatches: number;

  constructor(start: number, occurrences: Recurrence) {
    this.start = start;
    this.occurrences = occurrences;
    this.startMatches = occurrences.count(start, start + 1);
  }

  handoffs(localFrom: number, localTo: number) {
    if (localTo < this.start) return [];
    const from = Math.max(localFrom, this.start);
    const index = this.occurrences.count(this.start, from + 1) - this.startMatches;
    const out = [{ index, local: index === 0 ? this.start : this.occurrences.lastAtOrBefore(from)! }];
    for (const local of this.occurrences.between(from + 1, localTo + 1)) out.push({ index: index + out.length, local });
    return out;
  }
}

export interface RotationClock {
  /** Instant the rotation starts; the layer is never active before it. */
  readonly start: number;
  /**
   * Who holds [from, to) ∩ [start, ∞); handoff rotations ignore ActiveWhen (the caller cuts).
   * The caller pays for the assignments returned; the clock pays `budget` for the ActiveWhen
   * work it does to number them.
   */
  assignments(holidays: HolidayLookup, from: number, to: number, budget: WorkBudget): Assignment[];
}

/**
 * Turns floating handoffs into instant intervals. Handoffs inside a DST gap move forward and can
 * land on or after a later handoff (PT30M at 02:30 → 03:30 EDT, after 03:00): the holder at t is
 * the LAST handoff (by number) at or before t, so such a handoff is swallowed by the later one.
 */
class HandoffClock implements RotationClock {
  readonly start: number;
  private readonly zone: string;
  private readonly series: HandoffSeries;

  constructor(zone: string, start: number, series: HandoffSeries) {
    this.zone = zone;
    this.start = start;
    this.series = series;
  }

  assignments(_holidays: HolidayLookup, from: number, to: number, _budget: WorkBudget): Assignment[] {
    if (to <= from) return [];
    const zone = this.zone;
    // A two-day margin covers any offset change (even a skipped day) between floating and instant.
    const starts: { index: number; start: number }[] = [];
    for (const h of this.series.handoffs(toLocal(zone, from) - 2 * DAY, toLocal(zone, to) + 2 * DAY)) {
      const start = toInstant(zone, h.local);
      while (starts.length > 0 && starts[starts.length - 1]!.start >= start) starts.pop();
      starts.push({ index: h.index, start });
    }
    const out: Assignment[] = [];
    starts.forEach((s, i) => {
      const begin = Math.max(s.start, from);
      const end = Math.min(starts[i + 1]?.start ?? Infinity, to);
      if (end > begin) out.push({ start: begin, end, index: s.index });
    });
    return out;
  }
}

/** Four weeks: the chunk size for counting windows since the start. */
const CHUNK = 28 * DAY;
/** Memo key for layers whose windows do not depend on holidays. */
const NO_HOLIDAYS: HolidayLookup = () => [];

/**
 * `per: "window"`: window k is the k-th maximal active interval from the start. Its number is
 * the count of rising edges of the (start-clipped) active indicator before it, summed from
 * memoized per-chunk counts plus a partial chunk, so queries far from the start stay cheap.
 */
class WindowClock implements RotationClock {
  readonly start: number;
  private readonly zone: string;
  private readonly activeWhen: CompiledActiveWhen;
  /** Per holiday lookup: edges[i] = rising edges in chunk i counted from the start's chunk. */
  private readonly edgeMemo = new WeakMap<HolidayLookup, number[]>();

  constructor(zone: string, start: number, activeWhen: CompiledActiveWhen) {
    this.zone = zone;
    this.start = start;
    this.activeWhen = activeWhen;
  }

  private windows(holidays: HolidayLookup, from: number, to: number, budget: WorkBudget) {
    return activeIntervals(this.zone, this.activeWhen, holidays, from, to, budget);
  }

  /** Rising edges in [a, b), a ≥ start: interval starts at or after a (a−1 exposes edges AT a). */
  private edgesIn(holidays: HolidayLookup, a: number, b: number, budget: WorkBudget): number {
    const lookFrom = a > this.start ? a - 1 : a;
    return this.windows(holidays, lookFrom, b, budget).filter((i) => i.start >= a).length;
  }

  /** Rising edges in [start, x); chunks counted before are free (memoized), new ones are paid for. */
  private edgesBefore(holidays: HolidayLookup, x: number, budget: WorkBudget): number {
    const key = this.activeWhen.holidays.length > 0 ? holidays : NO_HOLIDAYS;
    let edges = this.edgeMemo.get(key);
    if (!edges) this.edgeMemo.set(key, (edges = []));
    const firstChunk = Math.floor(this.start / CHUNK);
    const chunk = Math.floor(x / CHUNK);
    const chunkStart = (i: number) => Math.max((firstChunk + i) * CHUNK, this.start);
    let total = 0;
    for (let i = 0; firstChunk + i < chunk; i++) {
      edges[i] ??= this.edgesIn(holidays, chunkStart(i), (firstChunk + i + 1) * CHUNK, budget);
      total += edges[i]!;
    }
    return total + this.edgesIn(holidays, Math.max(chunk * CHUNK, this.start), x, budget);
  }

  assignments(holidays: HolidayLookup, from: number, to: number, budget: WorkBudget): Assignment[] {
    const windows = this.windows(holidays, Math.max(from, this.start), to, budget);
    if (windows.length === 0) return [];
    // The first window may have begun before `from`: its number is (edges up to its start) − 1.
    const first = this.edgesBefore(holidays, windows[0]!.start + 1, budget) - 1;
    return windows.map((w, i) => ({ ...w, index: first + i }));
  }
}

export function compileRotation(zone: string, doc: RotationDoc, activeWhen: CompiledActiveWhen): RotationClock {
  const local = parseLocalDateTime(doc.start)!;
  const start = toInstant(zone, local);
  if ('every' in doc) return new HandoffClock(zone, start, new EverySeries(local, Duration.fromISO(doc.every)));
  if ('rrule' in doc) {
    const parsed = parseRecur(doc.rrule);
    // validateSchedule vouched for the rule; a stored one it no longer accepts must not pass for another.
    if (!parsed.ok) throw new Error(`invalid rrule "${doc.rrule}": ${parsed.problems.join('; ')}`);
    return new HandoffClock(zone, start, new RRuleSeries(local, recurrenceOf(parsed.rule, local, zone)));
  }
  return new WindowClock(zone, start, activeWhen);
}
