/** Builders and formatters shared by the engine tests. */
import {
  type ActiveWhenDoc,
  type HolidayLookup,
  type OverrideInput,
  type ScheduleDoc,
  type Shift,
  type TimeOffInput,
  type TimelineInput,
  compileSchedule,
  validateSchedule,
} from '../../src/engine/index.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export const at = (s: string): number => {
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new Error(`bad instant ${s}`);
  return t;
};
export const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** A fixed calendar → dates map as a HolidayLookup (returning the same array per year). */
export function fixedHolidays(calendars: Record<string, string[]>): HolidayLookup {
  const cache = new Map<string, string[]>();
  return (id, year) => {
    const key = `${id}|${year}`;
    if (!cache.has(key)) cache.set(key, (calendars[id] ?? []).filter((d) => d.startsWith(`${year}-`)).sort());
    return cache.get(key)!;
  };
}

/**
 * A generated layer with its activeWhen left out when that has no entry at all (an empty
 * union is refused by validateSchedule: "always active" is spelled by omitting it).
 */
export function dropEmptyActiveWhen<L extends { activeWhen?: ActiveWhenDoc }>(layer: L): L {
  const aw = layer.activeWhen;
  if (!aw || (aw.weekly?.length ?? 0) + (aw.holidays?.length ?? 0) + (aw.dates?.length ?? 0) > 0) return layer;
  const { activeWhen: _dropped, ...rest } = layer;
  return rest as L;
}

/** Compiles docs (asserting they validate) into a TimelineInput; versions take effect at `effectiveFrom`. */
export function timelineInput(
  versions: { doc: ScheduleDoc; effectiveFrom?: number }[] | ScheduleDoc,
  opts: { overrides?: OverrideInput[]; holidays?: HolidayLookup; timeOff?: TimeOffInput[] } = {},
): TimelineInput {
  const list = Array.isArray(versions) ? versions : [{ doc: versions }];
  return {
    versions: list.map((v) => {
      const problems = validateSchedule(v.doc);
      if (problems.length > 0) throw new Error(JSON.stringify(problems));
      return { effectiveFrom: v.effectiveFrom ?? 0, schedule: compileSchedule(v.doc) };
    }),
    overrides: opts.overrides ?? [],
    ...(opts.timeOff ? { timeOff: opts.timeOff } : {}),
    holidays: opts.holidays ?? fixedHolidays({}),
  };
}

/** One readable line per shift: "start end person source[:layer|:override]". */
export function lines(shifts: readonly Shift[]): string[] {
  return shifts.map(
    (s) => `${iso(s.start)} ${iso(s.end)} ${s.personId ?? '-'} ${s.source}${s.layerId ? `:${s.layerId}` : ''}${s.overrideId ? `:${s.overrideId}` : ''}`,
  );
}
