/**
 * The coverage guarantee and reference rules (spec §6), in one place:
 *
 * - A schedule with `requireCoverage` (default true) must have someone on call at every moment of
 *   the next 365 days. A schedule PUT must produce no gap there at all. Other changes that can
 *   open gaps (a calendar edit, deleting an override) are refused when they add gap time the
 *   schedule did not already have — a gap that only appeared because the window moved on is the
 *   schedule's problem, and must not block unrelated edits.
 *   Only time governed by a version with requireCoverage counts.
 * - Time off is a fact, never refused for the gaps it leaves (spec §13): a PUT or an import is
 *   held to the gaps its roster leaves by itself (time off left out); the other changes compare
 *   before and after with the time off as it is, so a gap time off already caused is not theirs.
 * - Deleting something still referenced is refused with the references named.
 *
 * Callers run check-then-write inside `repos.exclusive`, so nothing slips in between. The
 * timelines are computed in the compute pool (src/compute), off the event loop.
 */
import { calendarsOf, currentAndPending, peopleOf, versionAt, type Interval } from '../engine/index.js';
import type { ScheduleVersion } from '../db/repos/schedules.js';
import type { ChainTarget, EscalationChain } from '../db/repos/escalation-chains.js';
import type { Override } from '../db/repos/overrides.js';
import type { Repositories } from '../db/index.js';
import type { ComputePool } from '../compute/pool.js';
import type { ScheduleData } from '../compute/tasks.js';
import { ConflictError } from '../errors.js';
import { localTimes } from '../render/notices/times.js';
import type { TimelineCache } from './timeline-cache.js';

/** How far ahead the guarantee looks: 365 days. */
export const GUARD_HORIZON = 365 * 86_400_000;
/** How many gaps a refusal lists. */
const GAPS_SHOWN = 5;
/** Schedules checked per worker task. */
const BATCH = 250;

export interface Reference {
  resource: 'schedule' | 'override' | 'escalation-chain';
  id: string;
  /** For an override: the schedule it belongs to. */
  schedule?: string;
}

/** The parts of `after` not inside any of `before` (both sorted, disjoint). */
function subtract(after: readonly Interval[], before: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const a of after) {
    let start = a.start;
    for (const b of before) {
      if (b.end <= start || b.start >= a.end) continue;
      if (b.start > start) out.push({ start, end: b.start });
      start = Math.max(start, b.end);
    }
    if (start < a.end) out.push({ start, end: a.end });
  }
  return out;
}

/**
 * Refuses with the gaps as instants (`gaps`, for a client to draw) and a detail a person reads:
 * the first gap in the schedule's own zone, and what to do about it.
 */
function refuseGaps(schedule: GuardedState, gaps: Interval[], why: string, now: number): never {
  const shown = gaps.slice(0, GAPS_SHOWN).map((g) => ({ start: new Date(g.start).toISOString(), end: new Date(g.end).toISOString() }));
  const first = gaps[0]!;
  const times = localTimes(versionAt(schedule.data.versions, first.start)?.document.timeZone ?? 'UTC', now);
  const more = gaps.length > 1 ? `, and ${gaps.length - 1} more gap${gaps.length > 2 ? 's' : ''}` : '';
  throw new ConflictError(
    `${why[0]!.toUpperCase()}${why.slice(1)} would leave nobody on call in schedule "${schedule.id}" within the next 365 days: ` +
      `${times.format(first.start)} – ${times.format(first.end)} (${times.zone})${more}. ` +
      'Add a fallback person or a layer covering that time, or turn off "Require coverage" (requireCoverage)',
    { schedule: schedule.id, gaps: shown },
  );
}

/** A schedule as the guarantee checks it: what a worker needs to compute its next 365 days. */
export interface GuardedState {
  id: string;
  data: ScheduleData;
}

/**
 * For a schedule PUT and an import: each resulting schedule's roster must leave no gap in the
 * next 365 days (whatever time off does to it is reported, not refused). Schedules none of whose
 * versions require coverage are not computed at all.
 */
export async function assertCovered(pool: ComputePool, after: readonly GuardedState[], now: number, why: string): Promise<void> {
  const guarded = after.filter((s) => s.data.versions.some((v) => v.document.requireCoverage !== false));
  for (let b = 0; b < guarded.length; b += BATCH) {
    const batch = guarded.slice(b, b + BATCH);
    const gaps = await pool.gaps({ schedules: batch.map((s) => ({ ...s.data, timeOff: [] })), from: now, to: now + GUARD_HORIZON });
    gaps.forEach((g, i) => {
      if (g.length > 0) refuseGaps(batch[i]!, g, why, now);
    });
  }
}

/** For other changes: refused when they add gap time to the next 365 days. */
export async function assertNoNewGaps(pool: ComputePool, before: GuardedState, after: GuardedState, now: number, why: string): Promise<void> {
  const window = { from: now, to: now + GUARD_HORIZON };
  const [gapsAfter, gapsBefore] = await pool.gaps({ schedules: [after.data, before.data], ...window });
  const added = subtract(gapsAfter!, gapsBefore!);
  if (added.length > 0) refuseGaps(after, added, why, now);
}

export interface ReferenceSources {
  schedules: readonly { id: string; inForce: readonly ScheduleVersion[] }[];
  overrides: readonly Override[];
  chains: readonly EscalationChain[];
}

/**
 * What still refers to a person, calendar or schedule. Schedules count through their current
 * and pending versions (history that has ended may name a deleted person); overrides count
 * whether past or future, as they keep naming the person.
 */
export function referencesTo(target: { person: string } | { calendar: string } | { schedule: string }, from: ReferenceSources, now: number): Reference[] {
  const refs: Reference[] = [];
  for (const s of from.schedules) {
    const docs = currentAndPending(s.inForce, now).map((v) => v.document);
    const uses =
      'person' in target
        ? docs.some((d) => peopleOf(d).includes(target.person))
        : 'calendar' in target
          ? docs.some((d) => calendarsOf(d).includes(target.calendar))
          : false;
    if (uses) refs.push({ resource: 'schedule', id: s.id });
  }
  if ('person' in target) {
    for (const o of from.overrides) if (o.personId === target.person) refs.push({ resource: 'override', id: o.id, schedule: o.scheduleId });
  }
  const isTarget = (t: ChainTarget) =>
    'person' in target ? 'person' in t && t.person === target.person : 'schedule' in target && 'schedule' in t && t.schedule === target.schedule;
  for (const c of from.chains) {
    if (c.levels.some((l) => l.targets.some(isTarget))) refs.push({ resource: 'escalation-chain', id: c.id });
  }
  return refs;
}

export function assertUnreferenced(what: string, refs: Reference[]): void {
  if (refs.length === 0) return;
  const named = refs.map((r) => `${r.resource} "${r.id}"`).join(', ');
  throw new ConflictError(`${what} is still referenced by ${named}`, { references: refs });
}

/** Loads what references are searched in: every schedule, its overrides, every chain. */
export async function findReferences(
  target: { person: string } | { calendar: string } | { schedule: string },
  deps: { timelines: TimelineCache; repos: Repositories },
  now: number,
): Promise<Reference[]> {
  const schedules = await deps.timelines.all();
  const sources: ReferenceSources = {
    schedules,
    overrides: schedules.flatMap((s) => s.overrides),
    chains: await deps.repos.escalationChains.list(),
  };
  return referencesTo(target, sources, now);
}
