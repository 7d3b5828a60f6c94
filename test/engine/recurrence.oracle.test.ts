/**
 * Rota's recurrence expander against rrule.js, the engine it replaced (and whose answers, those
 * of python-dateutil, stay the reference): over random valid rules and windows — also years
 * after DTSTART — the occurrences in the window, how many came before it, and the handoff
 * numbers a rotation gives them (DTSTART is handoff 0 whether or not the rule produces it).
 *
 * The generator keeps to rules on which rrule.js is itself right and quick: sorted, distinct
 * lists (rrule.js emits BYHOUR=13,1 out of order and repeats duplicates), BYSETPOS either
 * positive or -1 (rrule.js takes an out-of-range negative position as the first candidate and
 * can emit one occurrence twice when two positions meet; Rota does as dateutil: nothing, once),
 * and windows at most a few years of hourly steps past DTSTART (rrule.js walks from it).
 *
 * rrule.js reads UNTIL in its own floating frame whatever TZID says (an `UNTIL=…Z` is compared
 * with local wall times: the reading Rota had before spec v2), so the random rules run in UTC,
 * where both readings agree. A zoned UNTIL is judged apart: rrule.js's occurrences without UNTIL,
 * each placed by the test oracle's own DST rule (oracle.ts) and kept when at or before UNTIL.
 */
import fc from 'fast-check';
import rrulePkg from 'rrule';
import { describe, expect, it } from 'vitest';
import { compileActiveWhen } from '../../src/engine/active-when.js';
import { parseRecur, recurrenceOf } from '../../src/engine/recurrence/index.js';
import { compileRotation } from '../../src/engine/rotation.js';
import { WorkBudget } from '../../src/engine/budget.js';
import { validateSchedule } from '../../src/engine/index.js';
import { DAY } from './helpers.js';
import { oracleOffset, resolve, transitions } from './oracle.js';

const { RRule } = rrulePkg;
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const FREQS = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
type Freq = (typeof FREQS)[number];

const sortedSet = (min: number, max: number, maxLength: number) =>
  fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength }).map((xs) => xs.sort((a, b) => a - b));
const signedSet = (max: number, maxLength: number) =>
  fc.uniqueArray(fc.integer({ min: -max, max }).filter((x) => x !== 0), { minLength: 1, maxLength }).map((xs) => xs.sort((a, b) => a - b));
/** `arb` one time in `oneIn`, else left out. */
const optional = <T>(arb: fc.Arbitrary<T>, oneIn: number) =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** One random valid rule of `freq`, as parts in RFC order. */
const ruleOf = (freq: Freq) =>
  fc
    .record({
      interval: optional(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: freq === 'YEARLY' ? 6 : 40 })), 2),
      byMonth: optional(sortedSet(1, 12, 4), freq === 'YEARLY' ? 2 : 5),
      byWeekNo: freq === 'YEARLY' ? optional(signedSet(53, 3), 3) : fc.constant(undefined),
      byYearDay: optional(signedSet(366, 3), freq === 'YEARLY' ? 4 : 10),
      byMonthDay: optional(signedSet(31, 3), freq === 'MONTHLY' ? 2 : 5),
      plainDays: optional(fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }), 2),
      ordinalDays:
        freq === 'MONTHLY' || freq === 'YEARLY'
          ? optional(fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: freq === 'YEARLY' ? 53 : 5 }), fc.boolean(), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 3 }), 3)
          : fc.constant(undefined),
      byHour: optional(sortedSet(0, 23, 3), 2),
      byMinute: optional(fc.constantFrom([0], [30], [45], [0, 30], [5, 20, 35, 50], [10, 40]), 3),
      bySecond: optional(fc.integer({ min: 0, max: 59 }), 6),
      bySetPos: optional(fc.oneof(fc.constant([-1]), sortedSet(1, 12, 3)), 3),
      wkst: optional(fc.constantFrom(...DAYS), 3),
      end: optional(fc.oneof(fc.record({ count: fc.integer({ min: 1, max: 300 }) }), fc.record({ untilDays: fc.integer({ min: 0, max: 4000 }) })), 3),
    })
    .map((r) => ({ freq, ...r }));

type RuleParts = ReturnType<typeof ruleOf> extends fc.Arbitrary<infer T> ? T : never;

function ruleText(r: RuleParts, start: number): string {
  const parts = [`FREQ=${r.freq}`];
  if (r.interval) parts.push(`INTERVAL=${r.interval}`);
  if (r.end && 'count' in r.end) parts.push(`COUNT=${r.end.count}`);
  if (r.end && 'untilDays' in r.end) parts.push(`UNTIL=${new Date(start + r.end.untilDays * DAY).toISOString().replace(/[-:]|\.\d+/g, '').slice(0, 15)}`);
  if (r.byMonth) parts.push(`BYMONTH=${r.byMonth.join(',')}`);
  if (r.byWeekNo) parts.push(`BYWEEKNO=${r.byWeekNo.join(',')}`);
  if (r.byYearDay) parts.push(`BYYEARDAY=${r.byYearDay.join(',')}`);
  if (r.byMonthDay) parts.push(`BYMONTHDAY=${r.byMonthDay.join(',')}`);
  const byDay = [...(r.plainDays ?? []).map((d) => DAYS[d]), ...(r.ordinalDays ?? []).map(([n, neg, d]) => `${neg ? -n : n}${DAYS[d]}`)];
  if (byDay.length > 0) parts.push(`BYDAY=${byDay.join(',')}`);
  if (r.byHour) parts.push(`BYHOUR=${r.byHour.join(',')}`);
  if (r.byMinute) parts.push(`BYMINUTE=${r.byMinute.join(',')}`);
  if (r.bySecond !== undefined) parts.push(`BYSECOND=${r.bySecond}`);
  if (r.bySetPos) parts.push(`BYSETPOS=${r.bySetPos.join(',')}`);
  if (r.wkst) parts.push(`WKST=${r.wkst}`);
  return parts.join(';');
}

/** How far past DTSTART a window may start, so that rrule.js (walking from DTSTART) stays quick. */
const REACH: Record<Freq, number> = { HOURLY: 2 * 366 * DAY, DAILY: 12 * 366 * DAY, WEEKLY: 30 * 366 * DAY, MONTHLY: 60 * 366 * DAY, YEARLY: 120 * 366 * DAY };

const caseOf = fc
  .constantFrom(...FREQS)
  .chain((freq) =>
    fc.record({
      rule: ruleOf(freq),
      // DTSTART between 1950 and 2070, on the minute.
      start: fc.integer({ min: -20 * 366, max: 100 * 366 }).chain((d) => fc.integer({ min: 0, max: 1439 }).map((m) => d * DAY + m * 60_000)),
      offset: fc.oneof(fc.integer({ min: -3 * DAY, max: 20 * DAY }), fc.integer({ min: 0, max: REACH[freq] })),
      length: fc.oneof(fc.integer({ min: 1, max: 3 * DAY }), fc.integer({ min: 1, max: freq === 'HOURLY' ? 20 * DAY : 400 * DAY })),
    }),
  )
  .map(({ rule, start, offset, length }) => ({ rrule: ruleText(rule, start), start, from: start + offset, to: start + offset + length, hourly: rule.freq === 'HOURLY', byHour: rule.byHour, setPos: rule.bySetPos }));

/** rrule.js's occurrences before `to`, plus the first at or after it (which ends the last shift). */
function rrulejs(rule: string, start: number, to: number): number[] {
  const r = new RRule({ ...RRule.parseString(rule), dtstart: new Date(start), tzid: null });
  const out: number[] = [];
  r.all((d) => {
    out.push(d.getTime());
    return d.getTime() < to;
  });
  return out;
}

const localText = (t: number) => new Date(t).toISOString().slice(0, 16);

describe('the expander agrees with rrule.js', () => {
  it('on occurrences, their count before a window and the handoff numbers, over random rules and windows', () => {
    let compared = 0;
    let nonEmpty = 0;
    fc.assert(
      fc.property(caseOf, ({ rrule, start, from, to, hourly, byHour, setPos }) => {
        // rrule.js picks from an empty hour when DTSTART's hour is not in BYHOUR (and, with a negative position, reads the time in the process zone).
        fc.pre(!(hourly && setPos && byHour && !byHour.includes(new Date(start).getUTCHours())));
        const doc = { name: 'x', timeZone: 'UTC', layers: [{ id: 'l', participants: ['a'], rotation: { rrule, start: localText(start) } }] };
        // Rules Rota refuses (no occurrence within 10 years) would send rrule.js walking to year 9999.
        fc.pre(validateSchedule(doc).length === 0);
        const parsed = parseRecur(rrule);
        if (!parsed.ok) throw new Error(`generated an invalid rule ${rrule}: ${parsed.problems.join('; ')}`);
        const mine = recurrenceOf(parsed.rule, start, 'UTC');
        // rrule.js stops at COUNT or at an occurrence past `to` (or past UNTIL): one must come soon.
        const endless = recurrenceOf({ ...parsed.rule, count: null, until: null }, start, 'UTC');
        fc.pre(mine.count(start, to) === parsed.rule.count || endless.count(to, to + (hourly ? 366 : 20 * 366) * DAY) > 0);
        const expected = rrulejs(rrule, start, to);
        expect(mine.between(from, to)).toEqual(expected.filter((t) => t >= from && t < to));
        expect(mine.count(start, from)).toBe(expected.filter((t) => t < from).length);
        expect(mine.lastAtOrBefore(from)).toBe(expected.filter((t) => t <= from).at(-1) ?? null);

        // Handoffs: DTSTART is number 0, then each occurrence after it, in order.
        const handoffs = [start, ...expected.filter((t) => t > start)];
        const shifts = handoffs
          .map((t, i) => ({ start: Math.max(t, from), end: Math.min(handoffs[i + 1] ?? Infinity, to), index: i }))
          .filter((s) => s.end > s.start);
        const clock = compileRotation('UTC', { rrule, start: localText(start) }, compileActiveWhen('UTC', undefined));
        expect(clock.assignments(() => [], from, to, new WorkBudget())).toEqual(shifts);
        compared++;
        if (shifts.length > 1) nonEmpty++;
      }),
      { numRuns: 400, seed: 5545 },
    );
    // The generator must reach the comparison, often with several handoffs in the window.
    expect(compared).toBeGreaterThan(200);
    expect(nonEmpty).toBeGreaterThan(50);
  }, 120_000);
});

describe('hand-written rules far from DTSTART', () => {
  it.each([
    ['FREQ=HOURLY;INTERVAL=5;BYHOUR=3,4,13;BYMINUTE=0,30;BYDAY=SA,SU', '2026-03-01T05:10', '2027-11-01', 40],
    ['FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO,SU;WKST=SU', '1990-03-01T09:00', '2040-01-01', 5 * 366],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=17', '1999-12-31T17:00', '2031-06-01', 400],
    ['FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA;BYSETPOS=2', '2024-02-29T12:00', '2049-12-01', 200],
    // The first, shortened week (Wed 2026-12-30 → Sun 01-03) picks Fri Jan 1, later weeks a Monday:
    // 2027 must not count as an ordinary year like 2055 (same first weekday and leap years around).
    ['FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=1', '2026-12-30T09:00', '2056-01-01', 100],
  ])('%s from %s, window at %s', (rrule, startText, fromText, days) => {
    const start = Date.parse(`${startText}:00Z`);
    const from = Date.parse(`${fromText}T00:00:00Z`);
    const to = from + (days as number) * DAY;
    const parsed = parseRecur(rrule as string);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const expected = rrulejs(rrule as string, start, to);
    const mine = recurrenceOf(parsed.rule, start, 'UTC');
    const inWindow = expected.filter((t) => t >= from && t < to);
    expect(inWindow.length).toBeGreaterThan(3);
    expect(mine.between(from, to)).toEqual(inWindow);
    expect(mine.count(start, from)).toBe(expected.filter((t) => t < from).length);
    expect(mine.count(from, to)).toBe(inWindow.length);
  });
});

describe('UNTIL with Z in a zone with DST: the occurrences whose instants are at or before it', () => {
  // Zones with 1 h, 30 min (Lord Howe) and whole-day (Apia, 2011-12-30) changes, a half-hour offset, none at all.
  const ZONES = ['America/New_York', 'Europe/Paris', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/St_Johns', 'Asia/Tokyo'];
  // Dense around the small hours, where the changes are; quarter-hour times (the oracle's grid).
  const RULES = [
    'FREQ=HOURLY;BYMINUTE=0,30',
    'FREQ=HOURLY;INTERVAL=3;BYMINUTE=15',
    'FREQ=DAILY;BYHOUR=1,2,3;BYMINUTE=0,30',
    'FREQ=DAILY;BYHOUR=2;BYMINUTE=30',
    'FREQ=DAILY;BYHOUR=0,1,2,3,4;BYMINUTE=15,45',
    'FREQ=WEEKLY;BYDAY=SA,SU;BYHOUR=1,2,3;BYMINUTE=0,30',
  ];
  const MIN = 60_000;
  const untilText = (t: number) => new Date(t).toISOString().replace(/[-:]|\.\d+/g, '');

  it('over random rules, zones, changes and UNTILs near them', () => {
    let aroundChange = 0;
    fc.assert(
      fc.property(
        fc.record({
          zone: fc.constantFrom(...ZONES),
          year: fc.integer({ min: 2005, max: 2030 }),
          change: fc.nat(),
          daysBefore: fc.integer({ min: 0, max: 4 }),
          quarter: fc.integer({ min: 0, max: 95 }),
          rule: fc.constantFrom(...RULES),
          untilMinutes: fc.integer({ min: -1500, max: 1500 }),
          probe: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        ({ zone, year, change, daysBefore, quarter, rule, untilMinutes, probe }) => {
          const changes = transitions(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
          const pivot = changes.length > 0 ? changes[change % changes.length]! : Date.UTC(year, 5, 1, 12);
          const until = pivot + untilMinutes * MIN;
          // DTSTART: a quarter hour of a local day up to four days before the change.
          const start = (Math.floor((pivot + oracleOffset(zone, pivot - DAY)) / DAY) - daysBefore - 1) * DAY + quarter * 15 * MIN;
          const to = until + 3 * DAY;
          const expected = rrulejs(rule, start, to).filter((t) => t < to && resolve(zone, t) <= until);
          const parsed = parseRecur(`${rule};UNTIL=${untilText(until)}`);
          if (!parsed.ok) throw new Error(parsed.problems.join('; '));
          const mine = recurrenceOf(parsed.rule, start, zone);
          expect(mine.between(start, to)).toEqual(expected);
          const from = start + Math.floor(probe * (to - start));
          expect(mine.count(start, from)).toBe(expected.filter((t) => t < from).length);
          expect(mine.lastAtOrBefore(from)).toBe(expected.filter((t) => t <= from).at(-1) ?? null);
          if (changes.length > 0 && Math.abs(untilMinutes) <= 120) aroundChange++;
        },
      ),
      { numRuns: 600, seed: 5545 },
    );
    expect(aroundChange).toBeGreaterThan(20);
  }, 60_000);
});
