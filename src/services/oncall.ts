import type { Readable } from 'node:stream';
/**
 * The on-call service: questions about stored schedules (spec §6, §7) — who is on call at an
 * instant, the final timeline of a window, its coverage. Current shifts come from the
 * TimelineCache (timeline-cache.ts), which only keeps state; every computation runs in the
 * compute pool.
 */
import type { AtShift, Coverage, LayerTimeline, Shift } from '../engine/index.js';
import { NotFoundError } from '../errors.js';
import type { ComputePool } from '../compute/pool.js';
import type { PeopleService } from './people.js';
import type { ScheduleState, TimelineCache } from './timeline-cache.js';

export interface OnCall {
  schedule: string;
  at: number;
  shift: AtShift;
}

export type OncallService = ReturnType<typeof oncallService>;

export function oncallService(timelines: TimelineCache, pool: ComputePool, people: PeopleService) {
  async function stateOf(id: string) {
    const state = await timelines.get(id);
    if (!state) throw new NotFoundError('schedule', id);
    return state;
  }

  async function answers(states: readonly ScheduleState[], at: number): Promise<OnCall[]> {
    const shifts = await timelines.shiftsAt(states, at);
    return states.map((s, i) => ({ schedule: s.id, at, shift: shifts[i]! }));
  }

  return {
    async onCall(id: string, at: number): Promise<OnCall> {
      return (await answers([await stateOf(id)], at))[0]!;
    },

    /** Every schedule's answer for `at`, by schedule id. */
    async everyone(at: number): Promise<OnCall[]> {
      return answers(await timelines.all(), at);
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
  };
}
