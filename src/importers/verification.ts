/**
 * Verification of a move (spec §16): how much of a window the source's own rendered final
 * timeline and Rota's timeline of the imported schedule agree on, by time, and where they differ.
 * Pure: the compute pool runs it next to the timeline it compares (src/compute/tasks.ts).
 */
import type { ExpectedTimeline } from './types.js';

/** How many differences a verification lists: enough to see the pattern, bounded however wrong a mapping is. */
export const DIFFERENCES_SHOWN = 20;

/** A maximal stretch in which the source says `expected` and Rota says `got` (null = nobody). */
export interface Difference {
  start: number;
  end: number;
  expected: string | null;
  got: string | null;
}

export interface Agreement {
  /** Time where both name the same person (or both nobody) / the window's length. */
  agreement: number;
  /** The first DIFFERENCES_SHOWN differences, in time order. */
  differences: Difference[];
}

interface Segment {
  start: number;
  end: number;
  person: string | null;
}

/**
 * The expected entries clipped to the window, sorted and made disjoint. A final timeline does not
 * overlap itself; should an export's entries do so, the earlier-starting entry keeps the overlap
 * (one rule, so the figure is the same however the entries were listed).
 */
function disjoint(expected: ExpectedTimeline): Segment[] {
  const sorted = expected.entries
    .map((e) => ({ start: Math.max(e.start, expected.from), end: Math.min(e.end, expected.to), person: e.person }))
    .filter((e) => e.start < e.end)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Segment[] = [];
  let reached = expected.from;
  for (const e of sorted) {
    const start = Math.max(e.start, reached);
    if (start >= e.end) continue;
    out.push({ ...e, start });
    reached = e.end;
  }
  return out;
}

/**
 * Compares the source's timeline with Rota's `got` (disjoint shifts by start, as computeTimeline
 * gives them) over the expected window. Time neither covers counts as nobody on either side.
 */
export function compareTimelines(expected: ExpectedTimeline, got: readonly { start: number; end: number; personId: string | null }[]): Agreement {
  const { from, to } = expected;
  const wanted = disjoint(expected);
  const differences: Difference[] = [];
  let agreed = 0;
  let i = 0;
  let j = 0;
  for (let t = from; t < to; ) {
    while (i < wanted.length && wanted[i]!.end <= t) i++;
    while (j < got.length && got[j]!.end <= t) j++;
    const e = wanted[i] !== undefined && wanted[i]!.start <= t ? wanted[i]! : null;
    const g = got[j] !== undefined && got[j]!.start <= t ? got[j]! : null;
    // The next instant where either side may change hands.
    const end = Math.min(e ? e.end : (wanted[i]?.start ?? to), g ? g.end : (got[j]?.start ?? to), to);
    const expectedPerson = e?.person ?? null;
    const gotPerson = g?.personId ?? null;
    if (expectedPerson === gotPerson) agreed += end - t;
    else {
      const last = differences[differences.length - 1];
      if (last && last.end === t && last.expected === expectedPerson && last.got === gotPerson) last.end = end;
      else if (differences.length < DIFFERENCES_SHOWN) differences.push({ start: t, end, expected: expectedPerson, got: gotPerson });
    }
    t = end;
  }
  return { agreement: to > from ? agreed / (to - from) : 1, differences };
}
