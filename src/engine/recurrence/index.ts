/**
 * Rota's RFC 5545 recurrence rules in floating wall-clock time: a strict parser and an expander
 * whose cost follows the window asked about (rrule.js, the reference for their answers, walks
 * from DTSTART and can loop forever on rules that never match; it is only a test oracle now).
 */
import { Recurrence } from './recurrence.js';
import type { Recur, Until } from './parse.js';

export { parseRecur, MAX_RULE_LENGTH } from './parse.js';
export type { Recur, ParsedRecur, Until, Frequency, WeekdayNum } from './parse.js';
export { Recurrence } from './recurrence.js';

/**
 * UNTIL as floating local time. It is read as the schedule's wall-clock time with or without a
 * trailing Z, as rrule.js read it for the rotations stored so far; this is the one place that
 * decides it (spec §4 v2 reads a Z as an instant).
 */
export function untilLocal(until: Until): number {
  return until.local;
}

/** The occurrences of `rule` with DTSTART `start` (floating ms). */
export function recurrenceOf(rule: Recur, start: number): Recurrence {
  return new Recurrence(rule, start, rule.until === null ? null : untilLocal(rule.until));
}
