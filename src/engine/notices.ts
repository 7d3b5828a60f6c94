/**
 * What the notifier (spec §14) reads off a final timeline: who holds it when (stretches), the
 * handoffs and reminders that fall due in a stretch of time, whose shifts an edit changed, and the
 * gaps not yet announced. Pure: the notifier keeps the timelines and the clock, and asks these.
 */
import type { Interval } from './intervals.js';
import type { Shift } from './types.js';

/** Time one person (or, with null, nobody: a gap) holds a schedule without a break. */
export interface Stretch {
  start: number;
  end: number;
  personId: string | null;
}

/**
 * The final shifts of [from, to) as stretches: adjacent shifts of one person merge (a layer shift
 * continued by that person's override is no handoff), and time no shift covers is a gap.
 */
export function stretchesOf(shifts: readonly Shift[], from: number, to: number): Stretch[] {
  const out: Stretch[] = [];
  const push = (start: number, end: number, personId: string | null): void => {
    if (end <= start) return;
    const last = out[out.length - 1];
    if (last && last.personId === personId && last.end === start) last.end = end;
    else out.push({ start, end, personId });
  };
  let at = from;
  for (const s of shifts) {
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    if (end <= start) continue;
    push(at, start, null);
    push(start, end, s.personId);
    at = end;
  }
  push(at, to, null);
  return out;
}

export interface Handoff {
  start: number;
  end: number;
  personId: string;
  previousPersonId: string | null;
  nextPersonId: string | null;
}

/**
 * A person's stretches that begin within (after, upTo], with who came before and who comes next.
 * `windowFrom` is where `stretches` begin: a stretch starting there was cut by the window, its
 * real start is unknown, so it is no handoff.
 */
export function handoffsIn(stretches: readonly Stretch[], windowFrom: number, after: number, upTo: number): Handoff[] {
  const out: Handoff[] = [];
  // Stretches are in time order: start at the first one beginning after `after` (the notifier asks
  // about a few minutes of many months, at every wake).
  for (let i = firstStartingAfter(stretches, Math.max(after, windowFrom)); i < stretches.length && stretches[i]!.start <= upTo; i++) {
    const s = stretches[i]!;
    if (s.personId === null) continue;
    out.push({
      start: s.start,
      end: s.end,
      personId: s.personId,
      previousPersonId: stretches[i - 1]?.personId ?? null,
      nextPersonId: stretches[i + 1]?.personId ?? null,
    });
  }
  return out;
}

/** The index of the first stretch starting after `t` (stretches.length when none does). */
function firstStartingAfter(stretches: readonly Stretch[], t: number): number {
  let lo = 0;
  let hi = stretches.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stretches[mid]!.start <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Handoffs whose reminder, `remindMs` ahead of their start, falls due within (after, upTo]. */
export function remindersIn(stretches: readonly Stretch[], windowFrom: number, remindMs: number, after: number, upTo: number): Handoff[] {
  return handoffsIn(stretches, windowFrom, after + remindMs, upTo + remindMs);
}

/** The person's stretches within [from, to), clipped to it. */
function personTime(stretches: readonly Stretch[], personId: string, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (const s of stretches) {
    if (s.personId !== personId) continue;
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    if (end > start) out.push({ start, end });
  }
  return out;
}

const sameIntervals = (a: readonly Interval[], b: readonly Interval[]): boolean =>
  a.length === b.length && a.every((x, i) => x.start === b[i]!.start && x.end === b[i]!.end);

export interface ShiftChange {
  personId: string;
  before: Interval[];
  after: Interval[];
}

/**
 * Everyone whose time on call within [from, to) differs between two timelines of a schedule,
 * with their shifts there before and after, by person id. Both timelines must cover [from, to).
 */
export function changedShifts(before: readonly Stretch[], after: readonly Stretch[], from: number, to: number): ShiftChange[] {
  const people = new Set<string>();
  for (const s of [...before, ...after]) if (s.personId !== null && s.start < to && s.end > from) people.add(s.personId);
  const out: ShiftChange[] = [];
  for (const personId of [...people].sort()) {
    const was = personTime(before, personId, from, to);
    const is = personTime(after, personId, from, to);
    if (!sameIntervals(was, is)) out.push({ personId, before: was, after: is });
  }
  return out;
}

/**
 * Gaps that start by `to` and end after `from` and overlap no gap in `announced`: a gap is
 * announced once, however an edit later moves its ends. A gap starting at `windowFrom` reports
 * that as its start.
 */
export function newGaps(stretches: readonly Stretch[], announced: readonly Interval[], from: number, to: number): Interval[] {
  return stretches
    .filter((s) => s.personId === null && s.start <= to && s.end > from)
    .filter((g) => !announced.some((a) => a.start < g.end && g.start < a.end))
    .map((g) => ({ start: g.start, end: g.end }));
}

/**
 * The first instant after `after` at which something is due: a handoff, a reminder `remindMs`
 * ahead of one (for each of `remindMs`), or a gap coming within `gapLookahead`. Null when
 * nothing in `stretches` ever is.
 */
export function nextDue(
  stretches: readonly Stretch[],
  windowFrom: number,
  remindMs: readonly number[],
  gapLookahead: number,
  after: number,
): number | null {
  let next = Infinity;
  // For each kind of lead time, the first stretch whose instant minus that lead comes after `after`.
  const first = (lead: number, gap: boolean): number => {
    for (let i = firstStartingAfter(stretches, Math.max(after + lead, windowFrom)); i < stretches.length; i++) {
      if ((stretches[i]!.personId === null) === gap) return stretches[i]!.start - lead;
    }
    return Infinity;
  };
  for (const lead of [0, ...remindMs]) next = Math.min(next, first(lead, false));
  next = Math.min(next, first(gapLookahead, true));
  return next === Infinity ? null : next;
}
