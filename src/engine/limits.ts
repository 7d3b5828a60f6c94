/**
 * Bounds of a schedule document: far above anything an organisation writes, far below what an
 * attacker's 1 MB body can carry (190,000 weekly spans once took 54 s and 4 GB). The HTTP schema
 * (src/schemas/schedule-document.ts) declares them for OpenAPI and early refusal; validateSchedule
 * enforces them itself, since import and direct callers do not pass through that schema.
 */
import { MAX_RULE_LENGTH } from './recurrence/parse.js';

export const SCHEDULE_LIMITS = {
  layers: 50,
  participants: 1000,
  /** Entries of activeWhen.weekly (a `days` entry counts once). */
  weekly: 100,
  /** Entries of a weekly span's `days`. */
  days: 7,
  holidays: 20,
  dates: 1000,
  /** Characters of the schedule's and a layer's name. */
  name: 200,
  /** Characters of an RRULE (the parser's own bound). */
  rrule: MAX_RULE_LENGTH,
  /** Characters of an `every` duration. */
  duration: 64,
  /** Characters of an IANA zone name (the longest real one has 32). */
  timeZone: 64,
  /** Characters of a local date-time or a clock ("2027-01-04T09:00", "FR 17:00", "24:00"). */
  localTime: 32,
} as const;
