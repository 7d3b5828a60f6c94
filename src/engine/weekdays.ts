import type { Weekday } from './types.js';

/** Monday-first order, as ISO 8601 and spec §4 count them. */
export const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export function weekdayIndex(day: string): number {
  return WEEKDAYS.indexOf(day as Weekday);
}
