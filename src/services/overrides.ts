/**
 * Overrides (spec §5): a person takes a schedule over for [start, end); the newest wins where
 * they overlap. Deleting one that filled a gap falls under the coverage guarantee (§6).
 * A swap (§13) is two overrides written together — b's person over a's stretch, a's person over
 * b's — and deleted together.
 */
import type { Actor, Repositories } from '../db/index.js';
import type { Override, OverrideInput } from '../db/repos/overrides.js';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import type { ComputePool } from '../compute/pool.js';
import { assertNoNewGaps, GUARD_HORIZON } from './coverage-guard.js';
import type { PeopleService } from './people.js';
import type { TimelineCache } from './timeline-cache.js';

export type { Override, OverrideInput };

/**
 * An override's problems against the people there are, paths relative to the override (a POST's
 * body, an import's `/overrides/i`).
 */
export function overrideProblems(input: Pick<OverrideInput, 'personId' | 'start' | 'end'>, people: { has(id: string): boolean }): FieldProblem[] {
  const errors: FieldProblem[] = [];
  if (!people.has(input.personId)) errors.push({ path: '/person', message: `unknown person "${input.personId}"` });
  if (input.end <= input.start) errors.push({ path: '/end', message: 'must be after start' });
  return errors;
}

/** One side of a swap: whose stretch of time. */
export interface SwapSide {
  personId: string;
  start: number;
  end: number;
}

/** A swap's problems against the people there are, paths as in its POST body (`/a/person`, `/b/start`). */
export function swapProblems(a: SwapSide, b: SwapSide, people: { has(id: string): boolean }): FieldProblem[] {
  const errors = [
    ...overrideProblems(a, people).map((p) => ({ ...p, path: `/a${p.path}` })),
    ...overrideProblems(b, people).map((p) => ({ ...p, path: `/b${p.path}` })),
  ];
  if (a.personId === b.personId) errors.push({ path: '/b/person', message: 'must be someone other than a.person: a swap trades between two people' });
  if (errors.length === 0 && a.start < b.end && b.start < a.end) errors.push({ path: '/b/start', message: "b's stretch must not overlap a's" });
  return errors;
}

export type OverridesService = ReturnType<typeof overridesService>;

export function overridesService(repos: Repositories, timelines: TimelineCache, people: PeopleService, pool: ComputePool, now: () => number) {
  async function stateOf(scheduleId: string) {
    const state = await timelines.get(scheduleId);
    if (!state) throw new NotFoundError('schedule', scheduleId);
    return state;
  }

  return {
    /** A schedule's overrides overlapping [from, to) (either bound optional), by start. */
    async list(scheduleId: string, from?: number, to?: number): Promise<Override[]> {
      const { overrides } = await stateOf(scheduleId);
      return overrides.filter((o) => (from === undefined || o.end > from) && (to === undefined || o.start < to));
    },

    async get(scheduleId: string, id: string): Promise<Override> {
      await stateOf(scheduleId);
      const override = await repos.overrides.get(scheduleId, id);
      if (!override) throw new NotFoundError('override', id);
      return override;
    },

    async create(scheduleId: string, input: OverrideInput, actor: Actor): Promise<Override> {
      return repos.exclusive(async () => {
        await stateOf(scheduleId);
        const errors = overrideProblems(input, await people.directory());
        if (errors.length > 0) throw new ValidationError(errors);
        return repos.overrides.create(scheduleId, input, actor, now());
      });
    },

    /** Two people trade two stretches: two overrides, both stored or neither (spec §13). */
    async swap(scheduleId: string, a: SwapSide, b: SwapSide, note: string | null, actor: Actor): Promise<{ id: string; overrides: Override[] }> {
      return repos.exclusive(async () => {
        await stateOf(scheduleId);
        const errors = swapProblems(a, b, await people.directory());
        if (errors.length > 0) throw new ValidationError(errors);
        const halves = [
          { personId: b.personId, start: a.start, end: a.end, note },
          { personId: a.personId, start: b.start, end: b.end, note },
        ] as const;
        return repos.overrides.createSwap(scheduleId, halves, actor, now());
      });
    },

    /** False when the schedule has no such override. Half of a swap goes with its other half. */
    async delete(scheduleId: string, id: string, actor: Actor): Promise<boolean> {
      return repos.exclusive(async () => {
        const state = await stateOf(scheduleId);
        const target = state.overrides.find((o) => o.id === id);
        if (!target) return false;
        const goes = (o: Override) => o.id === id || (target.swap !== null && o.swap === target.swap);
        const at = now();
        const window = [at, at + GUARD_HORIZON] as const;
        const remaining = { ...state, overrides: state.overrides.filter((o) => !goes(o)) };
        await assertNoNewGaps(
          pool,
          { id: scheduleId, data: await timelines.dataOf(state, ...window) },
          { id: scheduleId, data: await timelines.dataOf(remaining, ...window) },
          at,
          target.swap === null ? `deleting override "${id}"` : `deleting swap "${target.swap}" (both its overrides)`,
        );
        return repos.overrides.delete(scheduleId, id, actor, at);
      });
    },
  };
}
