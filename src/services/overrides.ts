/**
 * Overrides (spec §5): a person takes a schedule over for [start, end); the newest wins where
 * they overlap. Deleting one that filled a gap falls under the coverage guarantee (§6).
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

    /** False when the schedule has no such override. */
    async delete(scheduleId: string, id: string, actor: Actor): Promise<boolean> {
      return repos.exclusive(async () => {
        const state = await stateOf(scheduleId);
        if (!state.overrides.some((o) => o.id === id)) return false;
        const at = now();
        const window = [at, at + GUARD_HORIZON] as const;
        const remaining = { ...state, overrides: state.overrides.filter((o) => o.id !== id) };
        await assertNoNewGaps(
          pool,
          { id: scheduleId, data: await timelines.dataOf(state, ...window) },
          { id: scheduleId, data: await timelines.dataOf(remaining, ...window) },
          at,
          `deleting override "${id}"`,
        );
        return repos.overrides.delete(scheduleId, id, actor, at);
      });
    },
  };
}
