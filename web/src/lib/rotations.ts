/**
 * Rotation presets and where a new rotation starts. Local "YYYY-MM-DDTHH:mm" strings are handled
 * as wall-clock minutes (read as if UTC, so no zone or DST enters the arithmetic): a default only
 * has to land on the right weekday and time; the server places it in the schedule's zone.
 */
import { toLocalInput } from './time';
import type { ActiveWhen, Layer, Rotation, Weekday } from './types';
import { WEEKDAYS } from './types';

const MINUTE = 60_000;
const WEEK_MINUTES = 7 * 24 * 60;
/** Monday 09:00, the handoff most teams use, in minutes from Monday 00:00. */
const MONDAY_NINE = 9 * 60;

const wallClock = (local: string): number => Date.parse(`${local.slice(0, 16)}:00Z`) / MINUTE;
const localOf = (minutes: number): string => new Date(minutes * MINUTE).toISOString().slice(0, 16);
/** Minutes since Monday 00:00 of the wall-clock minute `minutes`. */
const minuteOfWeek = (minutes: number): number => {
  const day = (new Date(minutes * MINUTE).getUTCDay() + 6) % 7;
  return day * 24 * 60 + (((minutes % 1440) + 1440) % 1440);
};
const hhmm = (time: string): number => {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return h * 60 + m;
};

/**
 * The latest Monday 09:00 at or before now in `zone` (a valid one): a first layer starting there
 * covers the present at once (a start in the future would leave a gap until then, refused under
 * requireCoverage; spec §4 lets a first version answer for the past).
 */
export function defaultRotationStart(zone: string, now = Date.now()): string {
  const local = wallClock(toLocalInput(now, zone));
  return localOf(local - ((minuteOfWeek(local) - MONDAY_NINE + WEEK_MINUTES) % WEEK_MINUTES));
}

/** A further layer hands off with the layers already there (same start), else on Monday 09:00. */
export function newLayer(existing: Layer[], zone: string): Layer {
  const handoff = existing.find((l) => !('per' in l.rotation))?.rotation.start;
  return { id: `layer-${existing.length + 1}`, name: '', participants: [], rotation: { every: 'P1W', start: handoff ?? defaultRotationStart(zone) } };
}

/**
 * The weekly spans as [start, end) minutes from Monday 00:00; a `to` at or before its `from` runs
 * into the next day (of a days span) or week (of a "FR 17:00" span).
 */
function weeklyIntervals(activeWhen: ActiveWhen | undefined): [number, number][] {
  const interval = (from: number, to: number, wrap: number): [number, number] => [from, to > from ? to : to + wrap];
  return (activeWhen?.weekly ?? []).flatMap((w) => {
    if (w.days) return w.days.map((d) => WEEKDAYS.indexOf(d) * 1440).map((day) => interval(day + hhmm(w.from), day + hhmm(w.to), 1440));
    const at = (v: string) => WEEKDAYS.indexOf(v.slice(0, 2) as Weekday) * 1440 + hhmm(v.slice(3));
    return [interval(at(w.from), at(w.to), WEEK_MINUTES)];
  });
}

/**
 * A per-window rotation's start moved back to the start of the weekly window it falls inside:
 * spec §4 counts the first window that ends after `start`, and the layer is never active before
 * `start`, so a start inside a window (Monday 00:00 in a Friday 17:00 – Monday 09:00 weekend)
 * would give its first person a stub. A start outside every window is kept.
 */
export function withoutStub(activeWhen: ActiveWhen | undefined, start: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(start)) return start;
  // Three copies of the week, merged, so windows wrapping over Sunday midnight stay whole.
  const copies = weeklyIntervals(activeWhen)
    .flatMap(([s, e]) => [0, 1, 2].map((k): [number, number] => [s + k * WEEK_MINUTES, e + k * WEEK_MINUTES]))
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of copies) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const local = wallClock(start);
  const at = minuteOfWeek(local) + WEEK_MINUTES;
  const window = merged.find(([s, e]) => s < at && at < e);
  // A window longer than a week never starts: the layer is simply always active.
  if (!window || window[1] - window[0] >= WEEK_MINUTES) return start;
  return localOf(local - (at - window[0]));
}

export type RotationPreset = 'weekly' | 'daily' | 'hours' | 'window' | 'rrule' | 'interval';

export const PRESET_LABELS: Record<RotationPreset, string> = {
  weekly: 'Weekly, Monday 09:00',
  daily: 'Daily 09:00',
  hours: 'Every N hours',
  window: 'Each weekend/holiday window',
  rrule: 'Custom RRULE',
  interval: 'Custom interval',
};

export function presetOf(r: Rotation): RotationPreset {
  if ('per' in r) return 'window';
  if ('rrule' in r) return 'rrule';
  if (r.every === 'P1W') return 'weekly';
  if (r.every === 'P1D') return 'daily';
  if (/^PT\d+H$/.test(r.every)) return 'hours';
  return 'interval';
}

/**
 * The rotation a preset stands for, keeping the current start's date where it fits: a weekly one
 * hands off on that week's Monday 09:00, a per-window one at the start of the layer's window.
 */
export function applyPreset(preset: RotationPreset, current: Rotation, zone: string, activeWhen: ActiveWhen | undefined): Rotation {
  const start = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(current.start) ? current.start : defaultRotationStart(zone);
  const day = start.slice(0, 10);
  const midnight = wallClock(`${day}T00:00`);
  switch (preset) {
    case 'weekly':
      return { every: 'P1W', start: localOf(midnight - minuteOfWeek(midnight) + MONDAY_NINE) };
    case 'daily':
      return { every: 'P1D', start: `${day}T09:00` };
    case 'hours':
      return { every: 'PT8H', start };
    case 'window':
      return { per: 'window', start: withoutStub(activeWhen, `${day}T00:00`) };
    case 'rrule':
      return { rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0', start };
    case 'interval':
      return { every: 'P2W', start };
  }
}
