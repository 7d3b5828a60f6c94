/**
 * One Opsgenie rotation as a Rota layer. Opsgenie hands off every `length` hours, days or weeks
 * from `startDate` in the schedule's time zone, and a time restriction only cuts the turns (the
 * rotation clock keeps running outside it) — Rota's `every` rotation and weekly `activeWhen`
 * spans say the same, so those map exactly; what does not (teams, escalations and "none" as
 * participants, seconds, a start in a repeated DST hour) is said in a warning.
 */
import type { LayerDoc, WeeklySpanDoc, Weekday } from '../engine/index.js';
import { MINUTE, offsetAt, toInstant, toLocal } from '../engine/localtime.js';
import { SCHEDULE_LIMITS } from '../engine/limits.js';
import { WEEKDAYS, type OgInstant, type OgRotation, type OgTimeRestriction } from './opsgenie-document.js';
import type { OpsgeniePeople } from './opsgenie-people.js';
import type { ImportWarning } from './types.js';

const ROTA_DAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const NAME_LIMIT = SCHEDULE_LIMITS.name;

/** A rotation made into a layer, with when it can be on call: local minutes of the week (Monday 00:00 = 0) within [from, to). */
export interface MappedRotation {
  source: OgRotation;
  layer: LayerDoc;
  week: [number, number][];
  from: number;
  to: number;
}

/**
 * The local "YYYY-MM-DDTHH:mm" of `instant` in `zone`, warning where Rota's reading of it is not
 * the same instant: seconds (Rota's local times have minutes), or a wall time the DST fall-back
 * repeats (Rota reads the first of the two, spec §1).
 */
export function localTimeOf(zone: string, instant: OgInstant, path: string, warnings: ImportWarning[]): string {
  const local = toLocal(zone, instant.ms);
  const minute = Math.floor(local / MINUTE) * MINUTE;
  const text = new Date(minute).toISOString().slice(0, 16);
  if (minute !== local) {
    warnings.push({ path, message: `${instant.text} has seconds; Rota's local times have minutes: truncated to ${text} (${zone})` });
  }
  if (toInstant(zone, minute) !== instant.ms - (local - minute)) {
    warnings.push({ path, message: `${instant.text} is ${text} in ${zone}, a wall time the DST fall-back repeats: Rota reads the first of the two, an hour earlier` });
  }
  return text;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A weekly piece [offset, offset + length) of the local week, split where it wraps past Sunday midnight. */
function wrapped(offset: number, length: number): [number, number][] {
  const end = offset + length;
  return end <= WEEK_MINUTES ? [[offset, end]] : [[offset, WEEK_MINUTES], [0, end - WEEK_MINUTES]];
}

/** Like Rota's spans, an end at or before the start wraps to the next day (week). */
function lengthOf(start: number, end: number, period: number): number {
  return end > start ? end - start : end - start + period;
}

/** Rota's activeWhen.weekly for a time restriction, and the local minutes of the week it covers. */
function restrictionOf(tr: OgTimeRestriction | null): { weekly: WeeklySpanDoc[] | null; week: [number, number][] } {
  if (tr === null) return { weekly: null, week: [[0, WEEK_MINUTES]] };
  if (tr.type === 'time-of-day') {
    const { start, end } = tr.restriction;
    const length = lengthOf(start, end, DAY_MINUTES);
    return {
      weekly: [{ days: [...ROTA_DAYS], from: clock(start), to: clock(end) }],
      week: ROTA_DAYS.flatMap((_, d) => wrapped(d * DAY_MINUTES + start, length)),
    };
  }
  const weekly: WeeklySpanDoc[] = [];
  const week: [number, number][] = [];
  for (const r of tr.restrictions) {
    const from = WEEKDAYS.indexOf(r.startDay) * DAY_MINUTES + r.start;
    const to = WEEKDAYS.indexOf(r.endDay) * DAY_MINUTES + r.end;
    weekly.push({ from: `${ROTA_DAYS[WEEKDAYS.indexOf(r.startDay)]} ${clock(r.start)}`, to: `${ROTA_DAYS[WEEKDAYS.indexOf(r.endDay)]} ${clock(r.end)}` });
    week.push(...wrapped(from, lengthOf(from, to, WEEK_MINUTES)));
  }
  return { weekly, week };
}

/** True when the zone's offset changes during the year of `t` (it has DST). */
function hasDst(zone: string, t: number): boolean {
  const year = new Date(t).getUTCFullYear();
  return offsetAt(zone, Date.UTC(year, 0, 1)) !== offsetAt(zone, Date.UTC(year, 6, 1));
}

const EVERY = { hourly: 'H', daily: 'D', weekly: 'W' } as const;

/** The rotation as a layer with id `layerId`; null (with a warning) when nothing of it can be on call in Rota. */
export function mapRotation(
  rotation: OgRotation,
  zone: string,
  layerId: string,
  people: OpsgeniePeople,
  warnings: ImportWarning[],
): MappedRotation | null {
  const participants: string[] = [];
  let dropped = false;
  for (const p of rotation.participants) {
    if (p.type === 'user') {
      const id = people.personOf(p);
      if (id !== null) participants.push(id);
      else dropped = true;
      continue;
    }
    dropped = true;
    warnings.push({
      path: p.path,
      message:
        p.type === 'none'
          ? 'a "none" turn (nobody on call) has no Rota equivalent: left out of the rotation'
          : `a ${p.type} as participant has no Rota equivalent (participants are people): left out of the rotation`,
    });
  }
  if (participants.length === 0) {
    warnings.push({ path: `${rotation.path}/participants`, message: 'no participant is a user Rota can import: rotation not imported' });
    return null;
  }
  if (dropped) {
    warnings.push({ path: `${rotation.path}/participants`, message: 'with participants left out, the remaining ones take turns in their order: the turns differ from Opsgenie\'s' });
  }
  if (rotation.endDate && rotation.endDate.ms <= rotation.startDate.ms) {
    warnings.push({ path: `${rotation.path}/endDate`, message: 'ends at or before its start, so it is never on call: rotation not imported' });
    return null;
  }
  if (rotation.type === 'hourly' && hasDst(zone, rotation.startDate.ms)) {
    warnings.push({
      path: `${rotation.path}/type`,
      message: `Rota counts an hourly rotation's hours on the wall clock of ${zone}: after a DST change its handoffs can be an hour away from Opsgenie's`,
    });
  }
  const { weekly, week } = restrictionOf(rotation.timeRestriction);
  const name = rotation.name === null ? undefined : rotation.name.slice(0, NAME_LIMIT);
  if (rotation.name !== null && rotation.name.length > NAME_LIMIT) {
    warnings.push({ path: `${rotation.path}/name`, message: `longer than Rota's ${NAME_LIMIT} characters: cut` });
  }
  const layer: LayerDoc = {
    id: layerId,
    ...(name !== undefined ? { name } : {}),
    participants,
    rotation: { every: `P${rotation.type === 'hourly' ? 'T' : ''}${rotation.length}${EVERY[rotation.type]}`, start: localTimeOf(zone, rotation.startDate, `${rotation.path}/startDate`, warnings) },
    ...(weekly ? { activeWhen: { weekly } } : {}),
    ...(rotation.endDate ? { end: localTimeOf(zone, rotation.endDate, `${rotation.path}/endDate`, warnings) } : {}),
  };
  return { source: rotation, layer, week, from: rotation.startDate.ms, to: rotation.endDate?.ms ?? Infinity };
}

/**
 * True when two rotations can be on call at the same moment: their date ranges meet and their
 * weekly windows share a minute. Conservative where the shared date range is shorter than a
 * week (it may miss the shared minutes): splitting a schedule too often is never wrong.
 */
export function overlap(a: MappedRotation, b: MappedRotation): boolean {
  if (Math.max(a.from, b.from) >= Math.min(a.to, b.to)) return false;
  return a.week.some(([s1, e1]) => b.week.some(([s2, e2]) => s1 < e2 && s2 < e1));
}
