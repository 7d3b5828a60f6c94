import { startOfLocalWeek, toLocalInput } from './time';
import type { ActiveWhen, Layer, Rotation, Schedule } from './types';

export function isValidZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Monday 09:00 of the current week in `zone`, as a local "YYYY-MM-DDTHH:mm". */
export function defaultRotationStart(zone: string): string {
  const safeZone = isValidZone(zone) ? zone : 'UTC';
  return `${toLocalInput(startOfLocalWeek(Date.now(), safeZone), safeZone).slice(0, 10)}T09:00`;
}

export function newLayer(index: number, zone: string): Layer {
  return { id: `layer-${index + 1}`, name: '', participants: [], rotation: { every: 'P1W', start: defaultRotationStart(zone) } };
}

export function newSchedule(): Schedule {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return { id: '', name: '', timeZone: zone, fallback: '', requireCoverage: true, layers: [newLayer(0, zone)] };
}

function cleanActiveWhen(a: ActiveWhen | undefined): ActiveWhen | undefined {
  if (!a) return undefined;
  const out: ActiveWhen = {};
  if (a.weekly?.length) out.weekly = a.weekly.map((w) => (w.days ? { days: w.days, from: w.from, to: w.to } : { from: w.from, to: w.to }));
  if (a.holidays?.length) out.holidays = a.holidays.map((h) => ({ calendar: h.calendar, ...(h.from ? { from: h.from } : {}), ...(h.to ? { to: h.to } : {}) }));
  if (a.dates?.length) out.dates = a.dates;
  return Object.keys(out).length ? out : undefined;
}

/** The document as the API takes it: empty optional parts left out, server-only fields dropped. */
export function toScheduleBody(doc: Schedule): Schedule {
  const body: Schedule = {
    id: doc.id,
    name: doc.name,
    timeZone: doc.timeZone,
    requireCoverage: doc.requireCoverage ?? true,
    layers: doc.layers.map((l) => {
      const activeWhen = cleanActiveWhen(l.activeWhen);
      return {
        id: l.id,
        ...(l.name ? { name: l.name } : {}),
        participants: l.participants,
        rotation: l.rotation,
        ...(activeWhen ? { activeWhen } : {}),
        ...(l.end ? { end: l.end } : {}),
        ...(l.whenAway ? { whenAway: l.whenAway } : {}),
      };
    }),
  };
  if (doc.fallback) body.fallback = doc.fallback;
  return body;
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

/** Monday of the week of a local date "YYYY-MM-DD…" (calendar arithmetic, zone-free). */
function mondayOf(localDate: string): string {
  const [y, m, d] = localDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/** The rotation a preset stands for, keeping the current start's date where it fits. */
export function applyPreset(preset: RotationPreset, current: Rotation, zone: string): Rotation {
  const start = /^\d{4}-\d{2}-\d{2}/.test(current.start) ? current.start : defaultRotationStart(zone);
  const day = start.slice(0, 10);
  switch (preset) {
    case 'weekly':
      return { every: 'P1W', start: `${mondayOf(day)}T09:00` };
    case 'daily':
      return { every: 'P1D', start: `${day}T09:00` };
    case 'hours':
      return { every: 'PT8H', start };
    case 'window':
      return { per: 'window', start: `${day}T00:00` };
    case 'rrule':
      return { rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0', start };
    case 'interval':
      return { every: 'P2W', start };
  }
}
