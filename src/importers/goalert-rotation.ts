/**
 * A GoAlert rotation → a Rota rotation and participant order.
 *
 * GoAlert hands off on a grid anchored at the rotation's `start`: every `shiftLength` wall-clock
 * hours, days or weeks, or calendar months, in the rotation's zone — Rota's `every` (spec §4),
 * counted the same way. But GoAlert does not derive who is on call from the grid: it STORES the
 * active user's position (`activeUserIndex`, set when the rotation started, moved by edits) and
 * adds one at each handoff. So the order is turned: Rota's shift that ends at GoAlert's next
 * handoff must fall on `userIDs[activeUserIndex]`. And GoAlert's grid runs backwards from
 * `start` too (someone is on call before it), where a Rota layer is never active before its
 * start: a `start` later than the current shift is moved back onto the grid point that begins it.
 */
import { DateTime } from 'luxon';
import type { RotationDoc } from '../engine/index.js';
import { DAY, HOUR, toInstant, toLocal } from '../engine/localtime.js';
import type { GoalertRotation } from './goalert-document.js';
import { startDiffers } from './goalert-dst.js';
import type { ImportWarning } from './types.js';

/**
 * For one person on call whenever the rules say: GoAlert's user targets and one-user rotations
 * (GoAlert ignores such a rotation's start and handoffs). A Rota layer is never active before its
 * rotation's start, so it starts long before any GoAlert data (GoAlert was released in 2019).
 */
export const ONE_PERSON_ROTATION = { every: 'P1W', start: '2000-01-01T00:00' } as const;

export interface MappedRotation {
  /** GoAlert user ids in Rota's order: participants[k mod n] holds Rota shift k. */
  participants: string[];
  rotation: RotationDoc;
}

const UNIT = { hourly: 'H', daily: 'D', weekly: 'W', monthly: 'M' } as const;
const FIXED = { hourly: HOUR, daily: DAY, weekly: 7 * DAY } as const;

const iso = (t: number) => new Date(t).toISOString();
const localText = (local: number) => new Date(local).toISOString().slice(0, 16);

/** The grid in floating local time: handoff k (k = 0 at `start`, negative before it). */
function gridOf(rot: GoalertRotation, startLocal: number): (k: number) => number {
  if (rot.type === 'monthly') {
    // As Rota's P1M does (spec §4): k months added to the start, clamped to the month's end.
    return (k) => DateTime.fromMillis(startLocal, { zone: 'utc' }).plus({ months: rot.shiftLength * k }).toMillis();
  }
  const length = FIXED[rot.type] * rot.shiftLength;
  return (k) => startLocal + k * length;
}

/** Number of grid steps from the start to the local time `local` (rounded: a DST gap may move a handoff). */
function stepsTo(rot: GoalertRotation, startLocal: number, local: number): number {
  if (rot.type === 'monthly') {
    const a = new Date(startLocal);
    const b = new Date(local);
    const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
    return Math.round(months / rot.shiftLength);
  }
  return Math.round((local - startLocal) / (FIXED[rot.type] * rot.shiftLength));
}

/** Why GoAlert's grid may differ from Rota's, for the warning. */
function likelyCause(rot: GoalertRotation, zone: string, startLocal: number): string {
  if (rot.timeZone !== zone) return `GoAlert counts this rotation in ${rot.timeZone}, Rota in the schedule's ${zone}`;
  if (rot.type === 'monthly' && new Date(startLocal).getUTCDate() > 28) {
    return 'GoAlert adds months the way Go does (Jan 31 + 1 month = Mar 3), Rota keeps the day within the month (Feb 28)';
  }
  return 'a handoff time inside a daylight-saving gap: GoAlert hands off when the gap ends, Rota moves it forward by the gap';
}

/**
 * The rotation in `zone` (the Rota schedule's), or null (with a warning) when nobody can be on
 * call from it. Warns where GoAlert's own next handoffs are not Rota's.
 */
export function mapRotation(rot: GoalertRotation, zone: string, path: string, warnings: ImportWarning[]): MappedRotation | null {
  const n = rot.userIDs.length;
  if (n === 0) {
    warnings.push({ path: `${path}/userIDs`, message: `rotation "${rot.name}" has no users, so it puts nobody on call: not imported` });
    return null;
  }
  if (n === 1) return { participants: [...rot.userIDs], rotation: { ...ONE_PERSON_ROTATION } };
  if (rot.startSeconds !== 0) {
    warnings.push({
      path: `${path}/start`,
      message: `start ${iso(rot.start)} is ${rot.startSeconds / 1000} s past the minute: Rota counts handoffs from the whole minute, as GoAlert itself does (it truncates the start)`,
    });
  }
  if (rot.timeZone !== zone) {
    warnings.push({
      path: `${path}/timeZone`,
      message: `rotation hands off in ${rot.timeZone} wall-clock time; Rota counts it in the schedule's zone ${zone} (from the same first instant), which differs where the two zones change their clocks on different days`,
    });
  }
  const startLocal = toLocal(zone, rot.start - rot.startSeconds);
  const clock = (((startLocal % DAY) + DAY) % DAY) / 60_000;
  // Hourly handoffs visit every hour at the start's minute; the others the start's clock time.
  const clocks = rot.type === 'hourly' ? Array.from({ length: 24 }, (_, h) => h * 60 + (clock % 60)) : [clock];
  const dst = clocks.map((c) => startDiffers(zone, c)).find((why) => why !== null);
  if (dst) warnings.push({ path: `${path}/start`, message: `the handoff time ${dst} (${zone})` });
  const grid = gridOf(rot, startLocal);
  const every = `P${rot.type === 'hourly' ? 'T' : ''}${rot.shiftLength}${UNIT[rot.type]}`;
  const [next] = rot.nextHandoffTimes;
  if (rot.activeUserIndex < 0 || next === undefined) {
    warnings.push({
      path: `${path}/activeUserIndex`,
      message: `rotation has no active user (GoAlert has not started it) or no nextHandoffTimes: userIDs[0] is taken to hold the shift that begins at start`,
    });
    return { participants: [...rot.userIDs], rotation: { every, start: localText(startLocal) } };
  }
  // GoAlert's next handoff is grid point m; the shift before it (m − 1) is the active user's.
  const m = stepsTo(rot, startLocal, toLocal(zone, next));
  const first = Math.min(0, m - 1);
  const current = m - 1 - first;
  // A position past the end (users were removed) is reset to 0 by GoAlert's next update.
  const active = rot.activeUserIndex < n ? rot.activeUserIndex : 0;
  const participants = rot.userIDs.map((_, j) => rot.userIDs[(((active - current + j) % n) + n) % n]!);
  const mismatch = rot.nextHandoffTimes.findIndex((t, i) => toInstant(zone, grid(m + i)) !== t);
  if (mismatch >= 0) {
    const t = rot.nextHandoffTimes[mismatch]!;
    warnings.push({
      path: `${path}/nextHandoffTimes/${mismatch}`,
      message: `GoAlert hands off at ${iso(t)}, Rota's "${every}" rotation at ${iso(toInstant(zone, grid(m + mismatch)))}: ${likelyCause(rot, zone, startLocal)}`,
    });
  }
  return { participants, rotation: { every, start: localText(grid(first)) } };
}
