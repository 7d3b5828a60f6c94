import type { Readable } from 'node:stream';
/**
 * The on-call service: questions about stored schedules (spec §6, §7) — who is on call at an
 * instant and who comes next, the final timeline of a window, its coverage, one person's shifts
 * in every schedule. Current shifts come from the TimelineCache (timeline-cache.ts), which only
 * keeps state; every computation runs in the compute pool.
 */
import { versionAt, type AtShift, type Coverage, type LayerTimeline, type Shift } from '../engine/index.js';
import { AppError, NotFoundError, type FieldProblem } from '../errors.js';
import type { ComputePool } from '../compute/pool.js';
import type { NextShift } from '../compute/tasks.js';
import type { PeopleService } from './people.js';
import type { ScheduleState, TimelineCache } from './timeline-cache.js';

export interface OnCall {
  schedule: string;
  /** The name in the version in force at `at`. */
  scheduleName: string;
  at: number;
  shift: AtShift;
  /** Who holds the shift starting at `shift.end` (null when that end is). */
  next: NextShift | null;
}

/** One final shift a person holds in one schedule (spec §7 person shifts). */
export interface PersonShift {
  schedule: string;
  /** The name in the version in force at the shift's (clipped) start. */
  scheduleName: string;
  shift: Shift;
  /** The swap its override belongs to (spec §13), null otherwise. */
  swap: string | null;
}

/** The most schedules one `/oncall?schedule=` question may name. */
export const MAX_ONCALL_FILTER = 1000;

export type OncallService = ReturnType<typeof oncallService>;

/** The name a schedule goes by at `at` (states always hold at least one version in force). */
export const scheduleNameAt = (state: Pick<ScheduleState, 'inForce'>, at: number): string => versionAt(state.inForce, at)!.document.name;

/** A filter naming schedules that do not exist: 404, each unknown id named (spec §7). */
function unknownSchedules(ids: readonly string[]): AppError {
  const errors: FieldProblem[] = ids.map((id) => ({ path: '/query/schedule', message: `unknown schedule "${id}"` }));
  return new AppError(404, 'Not found', `${ids.length === 1 ? 'schedule' : 'schedules'} ${ids.map((id) => `"${id}"`).join(', ')} ${ids.length === 1 ? 'does' : 'do'} not exist`, { errors });
}

export function oncallService(timelines: TimelineCache, pool: ComputePool, people: PeopleService) {
  async function stateOf(id: string) {
    const state = await timelines.get(id);
    if (!state) throw new NotFoundError('schedule', id);
    return state;
  }

  async function answers(states: readonly ScheduleState[], at: number): Promise<OnCall[]> {
    const found = await timelines.shiftsAt(states, at);
    return states.map((s, i) => ({ schedule: s.id, scheduleName: scheduleNameAt(s, at), at, ...found[i]! }));
  }

  return {
    async onCall(id: string, at: number): Promise<OnCall> {
      return (await answers([await stateOf(id)], at))[0]!;
    },

    /** Every schedule's answer for `at`, by schedule id. */
    async everyone(at: number): Promise<OnCall[]> {
      return answers(await timelines.all(), at);
    },

    /** The answers of the schedules `ids` names (repeats ignored), by schedule id; 404 naming any unknown one. */
    async some(ids: readonly string[], at: number): Promise<OnCall[]> {
      const unique = [...new Set(ids)].sort();
      const states = await Promise.all(unique.map((id) => timelines.get(id)));
      const unknown = unique.filter((_, i) => states[i] === null);
      if (unknown.length > 0) throw unknownSchedules(unknown);
      return answers(states as ScheduleState[], at);
    },

    async shifts(id: string, from: number, to: number, withLayers: boolean): Promise<{ shifts: Shift[]; layers?: LayerTimeline[] }> {
      const data = await timelines.dataOf(await stateOf(id), from, to);
      return pool.timeline({ data, from, to, layers: withLayers, coverage: false });
    },

    /** The final timeline as the JSON text of a response: `envelope`'s fields, shifts, layers (see compute/tasks.ts). */
    async shiftsJson(id: string, from: number, to: number, withLayers: boolean, envelope: Record<string, unknown>): Promise<Readable> {
      const data = await timelines.dataOf(await stateOf(id), from, to);
      return pool.timelineJson({ data, from, to, layers: withLayers, coverage: false, people: await people.named(data), envelope });
    },

    async coverage(id: string, from: number, to: number): Promise<Coverage> {
      const data = await timelines.dataOf(await stateOf(id), from, to);
      return (await pool.timeline({ data, from, to, layers: false, coverage: true })).coverage!;
    },

    /**
     * The final shifts `personId` holds over [from, to) in every schedule naming them, clipped to
     * the window, by start then schedule id. One pool task computes all those schedules.
     */
    async personShifts(personId: string, from: number, to: number): Promise<PersonShift[]> {
      if (!(await people.directory()).has(personId)) throw new NotFoundError('person', personId);
      const states = await timelines.withPerson(personId);
      if (states.length === 0) return [];
      const data = await Promise.all(states.map((s) => timelines.dataOf(s, from, to)));
      const held = await pool.personShifts({ schedules: data, person: personId, from, to });
      const out = states.flatMap((state, i) => {
        const overrides = held[i]!.some((s) => s.overrideId !== null) ? new Map(state.overrides.map((o) => [o.id, o])) : null;
        return held[i]!.map((shift) => ({
          schedule: state.id,
          scheduleName: scheduleNameAt(state, shift.start),
          shift,
          swap: shift.overrideId === null ? null : (overrides!.get(shift.overrideId)?.swap ?? null),
        }));
      });
      // States come by id, and the sort is stable: equal starts stay in schedule order.
      return out.sort((a, b) => a.shift.start - b.shift.start);
    },
  };
}
