/**
 * Rota's reader of RFC 5545 RECUR values (§3.3.10), strict on purpose: every part is checked
 * against the range it may take, so that what reaches the expander is small and well formed —
 * no negative INTERVAL, no BYHOUR=25, no 40 KB list. Each refusal says what is allowed.
 */
import { FIRST_YEAR, LAST_YEAR, MINUTE } from '../localtime.js';
import { WEEKDAYS, weekdayIndex } from '../weekdays.js';
import { dayNumber, monthLength } from './calendar.js';

export type Frequency = 'YEARLY' | 'MONTHLY' | 'WEEKLY' | 'DAILY' | 'HOURLY';

/** A BYDAY entry: `ordinal` 0 means every such weekday ("MO"), else the n-th ("1MO", "-1FR"). */
export interface WeekdayNum {
  /** Monday = 0 */
  weekday: number;
  ordinal: number;
}

/** UNTIL as written: its fields as floating ms, and whether it ended in `Z` (then they are UTC, see untilBound). */
export interface Until {
  local: number;
  utc: boolean;
}

/** A parsed rule. Lists are sorted and free of duplicates; an empty list is a part not given. */
export interface Recur {
  freq: Frequency;
  interval: number;
  count: number | null;
  until: Until | null;
  bySecond: number[];
  byMinute: number[];
  byHour: number[];
  byDay: WeekdayNum[];
  byMonthDay: number[];
  byYearDay: number[];
  byWeekNo: number[];
  byMonth: number[];
  bySetPos: number[];
  /** Monday = 0 */
  wkst: number;
}

export type ParsedRecur = { ok: true; rule: Recur } | { ok: false; problems: string[] };

/** Longer rules are refused before being read: nothing useful needs more. */
export const MAX_RULE_LENGTH = 512;
const MAX_INTERVAL = 1000;
const MAX_COUNT = 1_000_000;

const FREQUENCIES: readonly Frequency[] = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

type ListPart = 'BYSECOND' | 'BYMINUTE' | 'BYHOUR' | 'BYMONTHDAY' | 'BYYEARDAY' | 'BYWEEKNO' | 'BYMONTH' | 'BYSETPOS';
type ListKey = 'bySecond' | 'byMinute' | 'byHour' | 'byMonthDay' | 'byYearDay' | 'byWeekNo' | 'byMonth' | 'bySetPos';

/** Allowed values of the numeric lists: min…max, and −max…−min too when `signed` (from the end). */
const LISTS: Record<ListPart, { min: number; max: number; signed: boolean; key: ListKey }> = {
  BYSECOND: { min: 0, max: 59, signed: false, key: 'bySecond' },
  BYMINUTE: { min: 0, max: 59, signed: false, key: 'byMinute' },
  BYHOUR: { min: 0, max: 23, signed: false, key: 'byHour' },
  BYMONTHDAY: { min: 1, max: 31, signed: true, key: 'byMonthDay' },
  BYYEARDAY: { min: 1, max: 366, signed: true, key: 'byYearDay' },
  BYWEEKNO: { min: 1, max: 53, signed: true, key: 'byWeekNo' },
  BYMONTH: { min: 1, max: 12, signed: false, key: 'byMonth' },
  BYSETPOS: { min: 1, max: 366, signed: true, key: 'bySetPos' },
};

const PARTS = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS', 'WKST'];

const INTEGER = /^[+-]?\d{1,9}$/;
const UNTIL = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/;
const BYDAY = /^([+-]?\d{1,2})?([A-Z]{2})$/;

const range = (min: number, max: number) => `${min}–${max}`;

function parseList(name: ListPart, value: string, problems: string[]): number[] {
  const { min, max, signed } = LISTS[name];
  const allowed = signed ? `${range(min, max)}, or -${max} to -${min} counting from the end` : range(min, max);
  const out = new Set<number>();
  for (const raw of value.split(',')) {
    const n = INTEGER.test(raw) ? Number(raw) : NaN;
    if (Math.abs(n) >= min && Math.abs(n) <= max && (signed || n >= 0) && !Object.is(n, -0)) out.add(n);
    else problems.push(`${name} values must be ${allowed}, got ${raw === '' ? 'an empty value' : raw}`);
  }
  return [...out].sort((a, b) => a - b);
}

function parseWhole(name: string, value: string, max: number, problems: string[]): number {
  const n = INTEGER.test(value) ? Number(value) : NaN;
  if (n >= 1 && n <= max) return n;
  problems.push(`${name} must be a whole number 1–${max}, got ${value}`);
  return 1;
}

function parseUntil(value: string, problems: string[]): Until | null {
  const m = UNTIL.exec(value);
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m?.[i] ?? 0)) as [number, number, number, number, number, number];
  if (!m || mo < 1 || mo > 12 || d < 1 || d > monthLength(y, mo) || h > 23 || mi > 59 || s > 59) {
    problems.push(`UNTIL must be a local date YYYYMMDD, a local date-time YYYYMMDDTHHMMSS or a UTC instant YYYYMMDDTHHMMSSZ, got ${value}`);
    return null;
  }
  if (y < FIRST_YEAR || y > LAST_YEAR) {
    problems.push(`UNTIL must lie in the years ${FIRST_YEAR}–${LAST_YEAR}, got ${value}`);
    return null;
  }
  return { local: dayNumber(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * MINUTE + s * 1000, utc: m[7] === 'Z' };
}

function parseByDay(value: string, problems: string[]): WeekdayNum[] {
  const out = new Map<string, WeekdayNum>();
  for (const raw of value.split(',')) {
    const m = BYDAY.exec(raw);
    const weekday = m ? weekdayIndex(m[2]!) : -1;
    if (!m || weekday < 0) {
      problems.push(`BYDAY values must be ${WEEKDAYS.join(', ')}, optionally with an ordinal like 1MO or -1FR, got ${raw === '' ? 'an empty value' : raw}`);
      continue;
    }
    const ordinal = m[1] === undefined ? 0 : Number(m[1]);
    if (m[1] !== undefined && ordinal === 0) {
      problems.push(`BYDAY ordinals count from 1 (or from -1 at the end), got ${raw}`);
      continue;
    }
    out.set(`${ordinal}${m[2]}`, { weekday, ordinal });
  }
  return [...out.values()].sort((a, b) => a.ordinal - b.ordinal || a.weekday - b.weekday);
}

/** The parts' cross-rules: ordinals, BYWEEKNO, BYSETPOS, and handoffs at least 15 minutes apart. */
function checkCombination(rule: Recur, problems: string[]): void {
  const { freq } = rule;
  const ordinalLimit = freq === 'MONTHLY' ? 5 : freq === 'YEARLY' ? 53 : 0;
  for (const { weekday, ordinal } of rule.byDay) {
    if (ordinal === 0) continue;
    const written = `${ordinal}${WEEKDAYS[weekday]}`;
    if (ordinalLimit === 0) problems.push(`BYDAY ordinals (${written}) need FREQ=MONTHLY or FREQ=YEARLY`);
    else if (Math.abs(ordinal) > ordinalLimit) {
      problems.push(`BYDAY ordinals must be ${range(1, ordinalLimit)} or -${ordinalLimit} to -1 with FREQ=${freq}, got ${written}`);
    }
  }
  if (rule.byWeekNo.length > 0 && freq !== 'YEARLY') problems.push('BYWEEKNO needs FREQ=YEARLY');
  const others = [rule.bySecond, rule.byMinute, rule.byHour, rule.byDay, rule.byMonthDay, rule.byYearDay, rule.byWeekNo, rule.byMonth];
  if (rule.bySetPos.length > 0 && others.every((l) => l.length === 0)) {
    problems.push('BYSETPOS needs another BY part (BYDAY, BYMONTHDAY, BYHOUR …) to choose from');
  }
  // BYMINUTE/BYSECOND lists can be as dense as MINUTELY/SECONDLY ("FREQ=HOURLY;BYMINUTE=0,1,…"
  // hands off every minute): at most one second value, minutes at least 15 apart (also across
  // the hour), so consecutive occurrences are ≥ 15 minutes apart whatever the other parts say.
  if (rule.bySecond.length > 1) problems.push('BYSECOND may list one value only: handoffs must be at least 15 minutes apart');
  const minutes = rule.byMinute;
  const gaps = minutes.map((m, i) => (i > 0 ? m - minutes[i - 1]! : m + 60 - minutes[minutes.length - 1]!));
  if (minutes.length > 1 && gaps.some((g) => g < 15)) {
    problems.push('BYMINUTE values must be at least 15 minutes apart: handoffs must be at least 15 minutes apart');
  }
}

/** Reads a rule such as "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0" (names and values in any case). */
export function parseRecur(text: string): ParsedRecur {
  if (text.length > MAX_RULE_LENGTH) return { ok: false, problems: [`must be at most ${MAX_RULE_LENGTH} characters, got ${text.length}`] };
  const upper = text.toUpperCase();
  if (upper.startsWith('RRULE:')) return { ok: false, problems: ['write the rule without the "RRULE:" prefix, like "FREQ=WEEKLY;BYDAY=MO"'] };
  if (/(^|;)(DTSTART|TZID)=/.test(upper)) {
    return { ok: false, problems: ['DTSTART and TZID are not allowed: the rotation start and schedule zone apply'] };
  }
  const problems: string[] = [];
  const rule: Recur = {
    freq: 'DAILY',
    interval: 1,
    count: null,
    until: null,
    bySecond: [],
    byMinute: [],
    byHour: [],
    byDay: [],
    byMonthDay: [],
    byYearDay: [],
    byWeekNo: [],
    byMonth: [],
    bySetPos: [],
    wkst: 0,
  };
  const seen = new Set<string>();
  for (const part of upper.split(';')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (part === '') {
      problems.push('has an empty part: parts are NAME=VALUE separated by single ";"');
      continue;
    }
    if (!PARTS.includes(name)) {
      problems.push(`unknown part "${name}"; allowed: ${PARTS.join(', ')}`);
      continue;
    }
    if (seen.has(name)) {
      problems.push(`${name} is given more than once`);
      continue;
    }
    seen.add(name);
    if (value === '') {
      problems.push(`${name} has no value`);
      continue;
    }
    switch (name) {
      case 'FREQ':
        // As `every` must be at least PT15M: sub-hourly rules would make timelines huge.
        if (value === 'SECONDLY' || value === 'MINUTELY') problems.push('FREQ must be HOURLY or slower');
        else if (FREQUENCIES.includes(value as Frequency)) rule.freq = value as Frequency;
        else problems.push(`FREQ must be one of ${FREQUENCIES.join(', ')}, got ${value}`);
        break;
      case 'INTERVAL':
        rule.interval = parseWhole(name, value, MAX_INTERVAL, problems);
        break;
      case 'COUNT':
        rule.count = parseWhole(name, value, MAX_COUNT, problems);
        break;
      case 'UNTIL':
        rule.until = parseUntil(value, problems);
        break;
      case 'BYDAY':
        rule.byDay = parseByDay(value, problems);
        break;
      case 'WKST':
        rule.wkst = weekdayIndex(value);
        if (rule.wkst < 0) problems.push(`WKST must be one of ${WEEKDAYS.join(', ')}, got ${value}`);
        break;
      default:
        rule[LISTS[name as ListPart].key] = parseList(name as ListPart, value, problems);
    }
  }
  if (!seen.has('FREQ')) problems.push(`FREQ is required: one of ${FREQUENCIES.join(', ')}`);
  if (problems.length === 0) checkCombination(rule, problems);
  return problems.length > 0 ? { ok: false, problems: [...new Set(problems)] } : { ok: true, rule };
}
