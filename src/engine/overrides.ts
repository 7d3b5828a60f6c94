/**
 * Overrides indexed by time (spec §5: the newest override covering t wins), so a timeline's cost
 * follows the overrides inside its window, not every override ever stored: a linear `find` per
 * change point made 60,000 overrides take seconds.
 */
import type { OverrideInput } from './types.js';

/** An override with its position in the caller's list, which breaks ties between equal `seq`s. */
interface Ranked {
  override: OverrideInput;
  position: number;
}

/** Overrides sorted by start, with reach[i] = the latest end among byStart[0..i] (non-decreasing). */
interface OverrideIndex {
  byStart: Ranked[];
  reach: number[];
}

/**
 * Built once per overrides array: a schedule's TimelineInput is reused across requests, and
 * shiftAt computes several windows of the same input in a row. Callers never mutate those arrays.
 */
const indexes = new WeakMap<readonly OverrideInput[], OverrideIndex>();

function indexOf(overrides: readonly OverrideInput[]): OverrideIndex {
  let index = indexes.get(overrides);
  if (!index) {
    const byStart = overrides.map((override, position) => ({ override, position })).sort((a, b) => a.override.start - b.override.start);
    const reach: number[] = [];
    for (const r of byStart) reach.push(Math.max(reach[reach.length - 1] ?? -Infinity, r.override.end));
    index = { byStart, reach };
    indexes.set(overrides, index);
  }
  return index;
}

/**
 * The overrides overlapping [from, to), by start. Binary search skips every override whose
 * predecessors all ended by `from` (`reach` is non-decreasing); the scan stops at the first start
 * at or after `to`.
 */
function overlapping(overrides: readonly OverrideInput[], from: number, to: number): Ranked[] {
  const { byStart, reach } = indexOf(overrides);
  let lo = 0;
  let hi = byStart.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (reach[mid]! > from) hi = mid;
    else lo = mid + 1;
  }
  const out: Ranked[] = [];
  for (let i = lo; i < byStart.length && byStart[i]!.override.start < to; i++) {
    if (byStart[i]!.override.end > from) out.push(byStart[i]!);
  }
  return out;
}

/**
 * True when `a` wins over `b` where both cover t: the larger seq; for equal seqs (stored data has
 * none) the one listed first, as the oracle and the former stable sort by seq decide.
 */
function beats(a: Ranked, b: Ranked): boolean {
  return a.override.seq !== b.override.seq ? a.override.seq > b.override.seq : a.position < b.position;
}

/**
 * Answers "which override holds t" for non-decreasing t over one window: overrides enter a
 * max-heap (by `beats`) when they start, and those that ended are dropped lazily when they reach
 * the top. O((points + overrides) log overrides) for a whole sweep.
 */
export class OverrideSweep {
  /** The window's overrides as change points: their starts and ends clipped to it. */
  readonly points: number[] = [];
  private readonly pending: Ranked[];
  private next = 0;
  private readonly heap: Ranked[] = [];

  constructor(overrides: readonly OverrideInput[], from: number, to: number) {
    this.pending = overlapping(overrides, from, to);
    for (const { override: o } of this.pending) this.points.push(Math.max(o.start, from), Math.min(o.end, to));
  }

  /** The newest override covering `t`, or null; `t` must not decrease between calls. */
  at(t: number): OverrideInput | null {
    while (this.next < this.pending.length && this.pending[this.next]!.override.start <= t) this.push(this.pending[this.next++]!);
    while (this.heap.length > 0 && this.heap[0]!.override.end <= t) this.pop();
    return this.heap[0]?.override ?? null;
  }

  private push(r: Ranked): void {
    const h = this.heap;
    let i = h.push(r) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!beats(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < h.length && beats(h[l]!, h[top]!)) top = l;
      if (r < h.length && beats(h[r]!, h[top]!)) top = r;
      if (top === i) return;
      [h[i], h[top]] = [h[top]!, h[i]!];
      i = top;
    }
  }
}
