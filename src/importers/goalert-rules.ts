/**
 * GoAlert schedule rules → Rota ActiveWhen. A rule is on from `start` to `end` (clock times in
 * the schedule's zone) on each day its weekday filter (Sunday first) enables; an `end` at or
 * before `start` ends on the following day, and `start` = `end` means 24 hours (all days so =
 * always). That is exactly Rota's `{days, from, to}` reading (spec §4: "a `to` at or before its
 * `from` ends on the following day"), so each rule maps to one weekly span, unchanged.
 */
import type { ActiveWhenDoc, Interval, Weekday } from '../engine/index.js';
import type { GoalertRule } from './goalert-document.js';

const SUNDAY_FIRST: readonly Weekday[] = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;

/** Minutes after midnight as "HH:mm". */
export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const neverActive = (rule: GoalertRule) => !rule.weekdayFilter.some(Boolean);
const alwaysActive = (rule: GoalertRule) => rule.weekdayFilter.every(Boolean) && rule.start === rule.end;

/**
 * A target's rules as a layer's activeWhen: `undefined` when a rule makes it always active,
 * `null` when no rule is ever active (the target never puts anyone on call).
 */
export function activeWhenOf(rules: readonly GoalertRule[]): ActiveWhenDoc | undefined | null {
  if (rules.some(alwaysActive)) return undefined;
  const weekly = rules
    .filter((r) => !neverActive(r))
    .map((r) => ({ days: SUNDAY_FIRST.filter((_, i) => r.weekdayFilter[i]), from: clockText(r.start), to: clockText(r.end) }));
  return weekly.length === 0 ? null : { weekly };
}

/** Where the rules are active, as minutes of a wall-clock week from Sunday 00:00, wrapped into [0, WEEK). */
export function weekMinutesOf(rules: readonly GoalertRule[]): Interval[] {
  const out: Interval[] = [];
  for (const r of rules) {
    const length = r.end > r.start ? r.end - r.start : r.end - r.start + DAY_MINUTES;
    r.weekdayFilter.forEach((on, day) => {
      if (!on) return;
      const start = day * DAY_MINUTES + r.start;
      const end = start + length;
      out.push({ start, end: Math.min(end, WEEK_MINUTES) });
      // Saturday's overnight rule runs into Sunday morning, the start of the week.
      if (end > WEEK_MINUTES) out.push({ start: 0, end: end - WEEK_MINUTES });
    });
  }
  return out;
}

/** The first wall-clock minute of the week both are active in, or null. */
export function firstOverlap(a: readonly Interval[], b: readonly Interval[]): number | null {
  let first: number | null = null;
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      if (start < Math.min(x.end, y.end) && (first === null || start < first)) first = start;
    }
  }
  return first;
}

/** "TU 17:00" for a minute of the week from Sunday 00:00. */
export function weekMinuteLabel(minute: number): string {
  return `${SUNDAY_FIRST[Math.floor(minute / DAY_MINUTES)]} ${clockText(minute % DAY_MINUTES)}`;
}
