/**
 * Rota's RFC 5545 recurrence rules in floating wall-clock time: a strict parser and an expander
 * whose cost follows the window asked about (rrule.js, the reference for their answers, walks
 * from DTSTART and can loop forever on rules that never match; it is only a test oracle now).
 */
import { localTimesUpTo } from '../localtime.js';
import { type UntilBound, Recurrence } from './recurrence.js';
import type { Recur, Until } from './parse.js';

export { parseRecur, MAX_RULE_LENGTH } from './parse.js';
export type { Recur, ParsedRecur, Until, Frequency, WeekdayNum } from './parse.js';
export { Recurrence, type UntilBound } from './recurrence.js';

/**
 * UNTIL as a bound on floating local times in the schedule's `zone`, the one place that decides
 * it (spec §4, RFC 5545 §3.3.10): with Z it is an instant, and an occurrence hands off when its
 * instant (spec §1's DST rules) is at or before it; without Z it is local wall-clock time.
 */
export function untilBound(until: Until, zone: string): UntilBound {
  // A Z value's fields, read as floating ms, are its epoch ms.
  return until.utc ? localTimesUpTo(zone, until.local) : { last: until.local, skipped: null };
}

/** The occurrences of `rule` with DTSTART `start` (floating ms) in a schedule whose zone is `zone`. */
export function recurrenceOf(rule: Recur, start: number, zone: string): Recurrence {
  return new Recurrence(rule, start, rule.until === null ? null : untilBound(rule.until, zone));
}
