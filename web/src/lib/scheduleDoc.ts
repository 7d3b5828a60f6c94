import { newLayer } from './rotations';
import type { ActiveWhen, Schedule } from './types';

export function isValidZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function newSchedule(): Schedule {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return { id: '', name: '', timeZone: zone, fallback: '', requireCoverage: true, layers: [newLayer([], zone)] };
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
