/**
 * Questions about stored schedules (spec §6, §7): who is on call at an instant, the final
 * timeline of a window, its coverage. Answers come from the in-memory ScheduleTimelines.
 */
import {
  calendarsOf,
  computeCoverage,
  computeLayerTimelines,
  computeTimeline,
  type AtShift,
  type Coverage,
  type LayerTimeline,
  type Shift,
  type TimelineInput,
} from '../engine/index.js';
import { NotFoundError } from '../errors.js';
import type { ScheduleTimelines } from './timelines.js';

export interface OnCall {
  schedule: string;
  at: number;
  shift: AtShift;
}

/**
 * Coverage of `shifts` over [from, to): night/weekend/holiday figures are local to the zone of
 * the version in force at `from`; holidays are those of every calendar the window's versions use.
 */
export function coverageOf(input: TimelineInput, shifts: readonly Shift[], from: number, to: number): Coverage {
  const inWindow = input.versions.filter((v, i) => i === 0 || v.effectiveFrom < to);
  const atFrom = [...inWindow].reverse().find((v) => v.effectiveFrom <= from) ?? inWindow[0];
  const timeZone = atFrom?.schedule.timeZone ?? 'UTC';
  const calendars = new Set(inWindow.flatMap((v) => calendarsOf(v.schedule.doc)));
  const holidayDates = new Set<string>();
  // Local dates can sit one calendar year off the UTC year at either end of the window.
  const firstYear = new Date(from).getUTCFullYear() - 1;
  const lastYear = new Date(to).getUTCFullYear() + 1;
  for (const calendar of calendars) {
    for (let year = firstYear; year <= lastYear; year++) for (const d of input.holidays(calendar, year)) holidayDates.add(d);
  }
  return computeCoverage(shifts, { timeZone, holidayDates }, from, to);
}

export type TimelineQueries = ReturnType<typeof timelineQueries>;

export function timelineQueries(timelines: ScheduleTimelines) {
  async function stateOf(id: string) {
    const state = await timelines.get(id);
    if (!state) throw new NotFoundError('schedule', id);
    return state;
  }

  return {
    async onCall(id: string, at: number): Promise<OnCall> {
      return { schedule: id, at, shift: timelines.shiftAt(await stateOf(id), at) };
    },

    /** Every schedule's answer for `at`, by schedule id. */
    async everyone(at: number): Promise<OnCall[]> {
      return (await timelines.all()).map((state) => ({ schedule: state.id, at, shift: timelines.shiftAt(state, at) }));
    },

    async shifts(id: string, from: number, to: number, withLayers: boolean): Promise<{ shifts: Shift[]; layers?: LayerTimeline[] }> {
      const { input } = await stateOf(id);
      const shifts = computeTimeline(input, from, to);
      return withLayers ? { shifts, layers: computeLayerTimelines(input, from, to) } : { shifts };
    },

    async coverage(id: string, from: number, to: number): Promise<Coverage> {
      const { input } = await stateOf(id);
      return coverageOf(input, computeTimeline(input, from, to), from, to);
    },
  };
}
