/** Half-open interval helpers over instants (epoch ms). */

export interface Interval {
  start: number;
  end: number;
}

/** Sorts, then merges overlapping AND touching intervals (spec §4: touching windows are one). */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** Clips sorted intervals to [from, to), dropping what falls outside. */
export function clipIntervals<T extends Interval>(list: readonly T[], from: number, to: number): T[] {
  const out: T[] = [];
  for (const i of list) {
    const start = Math.max(i.start, from);
    const end = Math.min(i.end, to);
    if (end > start) out.push({ ...i, start, end });
  }
  return out;
}

/** Intersection of two sorted, disjoint lists; each piece keeps the fields of `a`'s element. */
export function intersectIntervals<T extends Interval>(a: readonly T[], b: readonly Interval[]): T[] {
  const out: T[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j]!.end <= x.start) j++;
    for (let k = j; k < b.length && b[k]!.start < x.end; k++) {
      const start = Math.max(x.start, b[k]!.start);
      const end = Math.min(x.end, b[k]!.end);
      if (end > start) out.push({ ...x, start, end });
    }
  }
  return out;
}
