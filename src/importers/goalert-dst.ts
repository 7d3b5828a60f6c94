/**
 * Where GoAlert and Rota read a clock time differently around DST changes. Both move a time in
 * a spring-forward gap forward, but GoAlert to the END of the gap (timeutil.Clock.FirstOfDay:
 * 02:30 → 03:00 EDT) and Rota by the gap's length (spec §1: 02:30 → 03:30 EDT); both read a
 * repeated time as its first pass, except the END of a GoAlert rule, which takes the second
 * (Clock.LastOfDay: a rule ending 01:30 on a fall-back night ends at 01:30 EST, Rota's at EDT).
 *
 * The zone's changes are looked at in the years imports are about (2020–2049), found by a week
 * scan (no zone changes twice within a week) and a minute search, once per zone.
 */
import { DAY, MINUTE, WEEK, offsetAt } from '../engine/localtime.js';

/** Clock minutes [from, to) a change skips (gap) or repeats (overlap); `to` may pass 1440. */
interface ClockRange {
  from: number;
  to: number;
}

interface ZoneChanges {
  gaps: ClockRange[];
  repeats: ClockRange[];
}

const SCAN_FROM = Date.UTC(2020, 0, 1);
const SCAN_TO = Date.UTC(2050, 0, 1);
const cache = new Map<string, ZoneChanges>();

/** The first minute of [lo, hi) at which the offset is `after` (it is `before` at lo). */
function changeInstant(zone: string, lo: number, hi: number, before: number): number {
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

function changesOf(zone: string): ZoneChanges {
  let found = cache.get(zone);
  if (found) return found;
  const seen = new Set<string>();
  found = { gaps: [], repeats: [] };
  for (let week = SCAN_FROM; week < SCAN_TO; week += WEEK) {
    const before = offsetAt(zone, week);
    const after = offsetAt(zone, week + WEEK);
    if (before === after) continue;
    const at = changeInstant(zone, week, week + WEEK, before);
    // The wall clock just before the change, in minutes of its day.
    const clock = ((((at + before) % DAY) + DAY) % DAY) / MINUTE;
    const range = after > before ? { from: clock, to: clock + (after - before) / MINUTE } : { from: clock - (before - after) / MINUTE, to: clock };
    const key = `${after > before}:${range.from}:${range.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (after > before ? found.gaps : found.repeats).push(range);
  }
  cache.set(zone, found);
  return found;
}

const inside = (c: number, r: ClockRange) => [c, c + 1440, c - 1440].some((x) => x > r.from && x < r.to);
const within = (c: number, r: ClockRange) => [c, c + 1440, c - 1440].some((x) => x >= r.from && x < r.to);

/** Why a rule or handoff starting at clock minute `c` falls differently, or null. */
export function startDiffers(zone: string, c: number): string | null {
  return changesOf(zone).gaps.some((g) => inside(c, g)) ? 'falls in a daylight-saving gap: GoAlert starts it when the gap ends, Rota moves it forward by the gap' : null;
}

/** Why a rule ending at clock minute `c` ends differently, or null. */
export function endDiffers(zone: string, c: number): string | null {
  if (changesOf(zone).repeats.some((r) => within(c, r))) return 'falls in the hour a fall-back night repeats: GoAlert ends the rule at its second pass, Rota at its first';
  return changesOf(zone).gaps.some((g) => inside(c, g)) ? 'falls in a daylight-saving gap: GoAlert ends the rule when the gap ends, Rota moves it forward by the gap' : null;
}
