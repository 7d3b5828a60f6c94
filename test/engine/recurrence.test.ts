/**
 * Rota's own RFC 5545 rules (src/engine/recurrence): the rules that hung or stalled the server
 * under rrule.js, the parser's refusals, occurrences derived by hand, and handoff numbers far
 * from DTSTART against a naive count. Occurrences are floating wall-clock ms (UTC fields).
 */
import { describe, expect, it } from 'vitest';
import { type ScheduleDoc, computeTimeline, shiftAt, validateSchedule } from '../../src/engine/index.js';
import { parseRecur, recurrenceOf } from '../../src/engine/recurrence/index.js';
import { DAY, HOUR, at, iso, lines, timelineInput } from './helpers.js';

const PATH = '/layers/0/rotation/rrule';
const doc = (rrule: string, start = '2026-01-01T00:00', participants = ['a', 'b', 'c'], timeZone = 'UTC'): ScheduleDoc => ({
  name: 'r',
  timeZone,
  layers: [{ id: 'l', participants, rotation: { rrule, start } }],
});
const messagesOf = (rrule: unknown, start?: string) => validateSchedule(doc(rrule as string, start)).map((p) => (p.path === PATH ? p.message : `${p.path}: ${p.message}`));

/** The rule's occurrences in [from, to) as local ISO strings (floating times, UNTIL placed in `zone`). */
function occurrences(rrule: string, start: string, from: string, to: string, zone = 'UTC'): string[] {
  const parsed = parseRecur(rrule);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return recurrenceOf(parsed.rule, at(`${start}:00Z`), zone)
    .between(at(`${from}T00:00:00Z`), at(`${to}T00:00:00Z`))
    .map((t) => iso(t)!.slice(0, 16));
}

describe('rules that hung or stalled the server under rrule.js are refused at once', () => {
  // Each took from 20 s to forever; a 2 s timeout fails the test if one walks again.
  it.each([
    ['FREQ=HOURLY;INTERVAL=-1', 'INTERVAL must be a whole number 1–1000, got -1'],
    ['FREQ=DAILY;INTERVAL=-1;COUNT=3', 'INTERVAL must be a whole number 1–1000, got -1'],
    ['FREQ=WEEKLY;INTERVAL=-2', 'INTERVAL must be a whole number 1–1000, got -2'],
    ['FREQ=YEARLY;INTERVAL=-1;COUNT=2', 'INTERVAL must be a whole number 1–1000, got -1'],
    ['FREQ=DAILY;BYMONTHDAY=-40', 'BYMONTHDAY values must be 1–31, or -31 to -1 counting from the end, got -40'],
    ['FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30', 'rule has no occurrence within 10 years of the start'],
    ['FREQ=HOURLY;BYHOUR=25', 'BYHOUR values must be 0–23, got 25'],
    [`FREQ=DAILY;BYHOUR=${Array(20_000).fill(1).join(',')}`, 'must be at most 512 characters, got 40017'],
    // Hours 0, 2, 4 … never reach 3: rrule.js looped for ever looking for the next hour.
    ['FREQ=HOURLY;INTERVAL=2;BYHOUR=3', 'rule has no occurrence within 10 years of the start'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=1,2,3', 'rule has no occurrence within 10 years of the start'],
  ])('%s', { timeout: 2000 }, (rrule, message) => {
    expect(messagesOf(rrule)).toEqual([message]);
  });

  it('a rule whose occurrences start more than 10 years on is refused by counting, not walking', { timeout: 2000 }, () => {
    // Feb 29 falls on a Monday first in 2044; Feb 29 of every 12th year from 2026 (2038, 2050 …) never comes.
    expect(messagesOf('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO')).toEqual(['rule has no occurrence within 10 years of the start']);
    expect(messagesOf('FREQ=YEARLY;INTERVAL=12;BYMONTH=2;BYMONTHDAY=29')).toEqual(['rule has no occurrence within 10 years of the start']);
    expect(messagesOf('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO', '2035-01-01T00:00')).toEqual([]);
    // Meant to stop at once: COUNT=1 (DTSTART only) or UNTIL at or before the start.
    expect(messagesOf('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=1')).toEqual([]);
    expect(messagesOf('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;UNTIL=20251231')).toEqual([]);
  });
});

describe('the parser says what is allowed', () => {
  it.each([
    ['FREQ=DAILY;INTERVAL=0', 'INTERVAL must be a whole number 1–1000, got 0'],
    ['FREQ=DAILY;INTERVAL=1001', 'INTERVAL must be a whole number 1–1000, got 1001'],
    ['FREQ=DAILY;INTERVAL=2.5', 'INTERVAL must be a whole number 1–1000, got 2.5'],
    ['FREQ=DAILY;COUNT=0', 'COUNT must be a whole number 1–1000000, got 0'],
    ['FREQ=DAILY;COUNT=1000001', 'COUNT must be a whole number 1–1000000, got 1000001'],
    ['FREQ=DAILY;UNTIL=2027-01-01', 'UNTIL must be a local date YYYYMMDD, a local date-time YYYYMMDDTHHMMSS or a UTC instant YYYYMMDDTHHMMSSZ, got 2027-01-01'],
    ['FREQ=DAILY;UNTIL=20270230', 'UNTIL must be a local date YYYYMMDD, a local date-time YYYYMMDDTHHMMSS or a UTC instant YYYYMMDDTHHMMSSZ, got 20270230'],
    ['FREQ=DAILY;UNTIL=99991231T000000Z', 'UNTIL must lie in the years 1900–2199, got 99991231T000000Z'],
    ['FREQ=SOMETIMES', 'FREQ must be one of HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY, got SOMETIMES'],
    ['FREQ=MINUTELY;INTERVAL=30', 'FREQ must be HOURLY or slower'],
    ['BYDAY=MO', 'FREQ is required: one of HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'FREQ is given more than once'],
    ['FREQ=DAILY;BYHOUR=', 'BYHOUR has no value'],
    ['FREQ=DAILY;BYHOUR=1,,2', 'BYHOUR values must be 0–23, got an empty value'],
    ['FREQ=DAILY;', 'has an empty part: parts are NAME=VALUE separated by single ";"'],
    ['FREQ=DAILY;BYEASTER=0', 'unknown part "BYEASTER"; allowed: FREQ, INTERVAL, COUNT, UNTIL, BYSECOND, BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, BYSETPOS, WKST'],
    ['FREQ=DAILY;BYMONTHDAY=0', 'BYMONTHDAY values must be 1–31, or -31 to -1 counting from the end, got 0'],
    ['FREQ=YEARLY;BYYEARDAY=367', 'BYYEARDAY values must be 1–366, or -366 to -1 counting from the end, got 367'],
    ['FREQ=YEARLY;BYWEEKNO=54', 'BYWEEKNO values must be 1–53, or -53 to -1 counting from the end, got 54'],
    ['FREQ=YEARLY;BYMONTH=13', 'BYMONTH values must be 1–12, got 13'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0', 'BYSETPOS values must be 1–366, or -366 to -1 counting from the end, got 0'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY values must be MO, TU, WE, TH, FR, SA, SU, optionally with an ordinal like 1MO or -1FR, got XX'],
    ['FREQ=WEEKLY;BYDAY=1MO', 'BYDAY ordinals (1MO) need FREQ=MONTHLY or FREQ=YEARLY'],
    ['FREQ=MONTHLY;BYDAY=6MO', 'BYDAY ordinals must be 1–5 or -5 to -1 with FREQ=MONTHLY, got 6MO'],
    ['FREQ=YEARLY;BYDAY=-54FR', 'BYDAY ordinals must be 1–53 or -53 to -1 with FREQ=YEARLY, got -54FR'],
    ['FREQ=MONTHLY;BYDAY=0MO', 'BYDAY ordinals count from 1 (or from -1 at the end), got 0MO'],
    ['FREQ=MONTHLY;BYWEEKNO=1', 'BYWEEKNO needs FREQ=YEARLY'],
    ['FREQ=MONTHLY;BYSETPOS=1', 'BYSETPOS needs another BY part (BYDAY, BYMONTHDAY, BYHOUR …) to choose from'],
    ['FREQ=WEEKLY;WKST=XX', 'WKST must be one of MO, TU, WE, TH, FR, SA, SU, got XX'],
    ['RRULE:FREQ=DAILY', 'write the rule without the "RRULE:" prefix, like "FREQ=WEEKLY;BYDAY=MO"'],
    ['FREQ=WEEKLY;DTSTART=20270101T000000', 'DTSTART and TZID are not allowed: the rotation start and schedule zone apply'],
    ['FREQ=WEEKLY;TZID=Europe/Berlin', 'DTSTART and TZID are not allowed: the rotation start and schedule zone apply'],
    [42, 'must be an RFC 5545 rule like "FREQ=WEEKLY;BYDAY=MO"'],
  ])('%s', (rrule, message) => {
    expect(messagesOf(rrule)).toEqual([message]);
  });

  it('reports every bad part of a rule', () => {
    expect(messagesOf('FREQ=DAILY;INTERVAL=0;BYHOUR=24;BYMONTH=0')).toEqual([
      'INTERVAL must be a whole number 1–1000, got 0',
      'BYHOUR values must be 0–23, got 24',
      'BYMONTH values must be 1–12, got 0',
    ]);
  });

  it('reads names and values in any case, collapses duplicates, and keeps the rule at most 512 characters', () => {
    expect(messagesOf('freq=weekly;byday=mo,Th')).toEqual([]);
    const parsed = parseRecur('FREQ=MONTHLY;BYHOUR=9,9,17,9;BYDAY=MO,MO,+1MO');
    expect(parsed.ok && [parsed.rule.byHour, parsed.rule.byDay]).toEqual([[9, 17], [{ weekday: 0, ordinal: 0 }, { weekday: 0, ordinal: 1 }]]);
    expect(occurrences('FREQ=DAILY;BYHOUR=9,9;BYMINUTE=0', '2027-01-01T09:00', '2027-01-01', '2027-01-03')).toEqual(['2027-01-01T09:00', '2027-01-02T09:00']);
    const long = `FREQ=DAILY;BYHOUR=${'1,'.repeat(246)}12`;
    expect(long.length).toBe(512);
    expect(messagesOf(long)).toEqual([]);
    expect(messagesOf(`${long}0`)).toEqual(['must be at most 512 characters, got 513']);
  });

  it('refuses rotation starts and UNTIL outside the years 1900–2199', () => {
    expect(messagesOf('FREQ=DAILY', '1899-12-31T23:59')).toEqual(['/layers/0/rotation/start: must lie in the years 1900–2199']);
    expect(messagesOf('FREQ=DAILY', '9999-12-31T23:59')).toEqual(['/layers/0/rotation/start: must lie in the years 1900–2199']);
    expect(messagesOf('FREQ=DAILY', '1900-01-01T00:00')).toEqual([]);
    expect(messagesOf('FREQ=DAILY;UNTIL=18991231')).toEqual(['UNTIL must lie in the years 1900–2199, got 18991231']);
    expect(messagesOf('FREQ=DAILY;UNTIL=21991231T235959Z')).toEqual([]);
  });
});

describe('occurrences derived by hand', () => {
  it('monthly on the first Monday', () => {
    expect(occurrences('FREQ=MONTHLY;BYDAY=1MO;BYHOUR=9;BYMINUTE=0', '2027-01-01T09:00', '2027-01-01', '2028-01-01')).toEqual(
      ['01-04', '02-01', '03-01', '04-05', '05-03', '06-07', '07-05', '08-02', '09-06', '10-04', '11-01', '12-06'].map((d) => `2027-${d}T09:00`),
    );
  });

  it('yearly on Feb 29, only in leap years (not 2100)', () => {
    expect(occurrences('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', '2024-02-29T00:00', '2024-01-01', '2041-01-01')).toEqual(
      ['2024', '2028', '2032', '2036', '2040'].map((y) => `${y}-02-29T00:00`),
    );
    expect(occurrences('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', '2024-02-29T00:00', '2095-01-01', '2110-01-01')).toEqual(['2096-02-29T00:00', '2104-02-29T00:00', '2108-02-29T00:00']);
  });

  it('BYSETPOS=-1: the last workday of each month', () => {
    const rule = 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=17;BYMINUTE=0';
    expect(occurrences(rule, '2027-01-01T17:00', '2027-01-01', '2028-01-01')).toEqual(
      ['01-29', '02-26', '03-31', '04-30', '05-31', '06-30', '07-30', '08-31', '09-30', '10-29', '11-30', '12-31'].map((d) => `2027-${d}T17:00`),
    );
  });

  it('BYSETPOS past the candidates picks nothing (rrule.js took the first)', () => {
    // June 2027 has four Mondays: no "fifth from the end"; March 2027 has five (1, 8, 15, 22, 29).
    expect(occurrences('FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-5', '2027-01-01T00:00', '2027-01-01', '2028-01-01')).toEqual(
      ['2027-03-01T00:00', '2027-05-03T00:00', '2027-08-02T00:00', '2027-11-01T00:00'],
    );
  });

  it('BYWEEKNO: the Monday of ISO week 1, which may fall in the December before', () => {
    // ISO week 1 is the week (from Monday) holding the year's first Thursday.
    expect(occurrences('FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO', '2027-01-01T00:00', '2027-01-01', '2031-01-01')).toEqual(
      ['2027-01-04', '2028-01-03', '2029-01-01', '2029-12-31', '2030-12-30'].map((d) => `${d}T00:00`),
    );
    // Week 53 exists only in years with 53 ISO weeks (2026: Dec 28–Jan 3; 2032).
    expect(occurrences('FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO', '2026-01-01T00:00', '2026-01-01', '2033-06-01')).toEqual(['2026-12-28T00:00', '2032-12-27T00:00']);
  });

  it('HOURLY with INTERVAL runs across days from the start hour', () => {
    // Every 5 hours from Sat 2027-01-02 22:00: 22:00, Sun 03:00, 08:00 … on weekends only.
    expect(occurrences('FREQ=HOURLY;INTERVAL=5;BYDAY=SA,SU', '2027-01-02T22:00', '2027-01-02', '2027-01-04')).toEqual([
      '2027-01-02T22:00',
      '2027-01-03T03:00',
      '2027-01-03T08:00',
      '2027-01-03T13:00',
      '2027-01-03T18:00',
      '2027-01-03T23:00',
    ]);
  });

  it('COUNT counts DTSTART when the rule produces it, UNTIL is inclusive', () => {
    expect(occurrences('FREQ=DAILY;COUNT=3', '2027-06-01T09:00', '2027-01-01', '2028-01-01')).toEqual(['2027-06-01T09:00', '2027-06-02T09:00', '2027-06-03T09:00']);
    expect(occurrences('FREQ=DAILY;UNTIL=20270603T090000', '2027-06-01T09:00', '2027-01-01', '2028-01-01')).toEqual(['2027-06-01T09:00', '2027-06-02T09:00', '2027-06-03T09:00']);
    expect(occurrences('FREQ=DAILY;UNTIL=20270603', '2027-06-01T09:00', '2027-01-01', '2028-01-01')).toEqual(['2027-06-01T09:00', '2027-06-02T09:00']);
  });

  it('handoffs on the DST days of Berlin: the last Sunday 02:30 moves forward in March, is the earlier one in October', () => {
    // Start Fri 2027-01-01 02:30 CET (01:30Z, a). 03-28 02:30 does not exist → 03:30 CEST = 01:30Z (b);
    // 10-31 02:30 happens twice → the earlier, CEST = 00:30Z (a).
    const input = timelineInput(doc('FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;BYHOUR=2;BYMINUTE=30', '2027-01-01T02:30', ['a', 'b'], 'Europe/Berlin'));
    expect(lines(computeTimeline(input, at('2027-03-01T00:00:00Z'), at('2027-11-01T00:00:00Z')))).toEqual([
      '2027-03-01T00:00:00.000Z 2027-03-28T01:30:00.000Z a layer:l',
      '2027-03-28T01:30:00.000Z 2027-10-31T00:30:00.000Z b layer:l',
      '2027-10-31T00:30:00.000Z 2027-11-01T00:00:00.000Z a layer:l',
    ]);
  });
});

describe('handoff numbers far from DTSTART equal a naive count', () => {
  it('twice a week from 2027: the number in force in June 2100', () => {
    // DTSTART Mon 2027-11-01 09:00 is occurrence 0; every later MO/TH 09:00 adds one.
    let naive = -1;
    for (let d = at('2027-11-01T00:00:00Z'); d <= at('2100-06-01T00:00:00Z'); d += DAY) if ([1, 4].includes(new Date(d).getUTCDay())) naive++;
    const participants = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const input = timelineInput(doc('FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0', '2027-11-01T09:00', participants));
    const s = shiftAt(input, at('2100-06-01T12:00:00Z'));
    // 2100-06-01 is a Tuesday: the shift began Mon 05-31 09:00 and ends Thu 06-03 09:00.
    expect([s.personId, iso(s.start), iso(s.end)]).toEqual([participants[naive % 7], '2100-05-31T09:00:00.000Z', '2100-06-03T09:00:00.000Z']);
  });

  it('every 5 hours on weekends from 2026: the count at 2100 by stepping hour by hour', () => {
    const start = at('2026-01-03T01:00:00Z');
    const until = at('2100-03-01T00:00:00Z');
    let naive = 0;
    for (let t = start; t < until; t += 5 * HOUR) if ([0, 6].includes(new Date(t).getUTCDay())) naive++;
    const parsed = parseRecur('FREQ=HOURLY;INTERVAL=5;BYDAY=SA,SU');
    if (!parsed.ok) throw new Error(parsed.problems.join());
    expect(recurrenceOf(parsed.rule, start, 'UTC').count(start, until)).toBe(naive);
  });
});

describe('UNTIL with Z is an instant, inclusive; without Z local time (spec §4, RFC 5545 §3.3.10)', () => {
  const handoffs = (rrule: string, start: string, zone: string, from: string, to: string) =>
    lines(computeTimeline(timelineInput(doc(rrule, start, ['a', 'b', 'c'], zone)), at(from), at(to)));

  it('Paris, every other Monday 09:30 CET: UNTIL=20210308T083000Z is the 09:30 handoff of March 8 itself', () => {
    // From Mon 01-11: 01-11, 01-25, 02-08, 02-22, 03-08 (09:30 CET = 08:30Z = UNTIL: still hands off), not 03-22.
    // Read as local 08:30 (before this fix), UNTIL fell before the March 8 handoff.
    expect(handoffs('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20210308T083000Z', '2021-01-11T09:30', 'Europe/Paris', '2021-02-20T00:00:00Z', '2021-04-30T00:00:00Z')).toEqual([
      '2021-02-20T00:00:00.000Z 2021-02-22T08:30:00.000Z c layer:l',
      '2021-02-22T08:30:00.000Z 2021-03-08T08:30:00.000Z a layer:l',
      '2021-03-08T08:30:00.000Z 2021-04-30T00:00:00.000Z b layer:l',
    ]);
    // From Mon 01-04 the fortnights fall on 03-01 and 03-15: March 8 is no occurrence, 03-15 is past UNTIL.
    expect(handoffs('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20210308T083000Z', '2021-01-04T09:30', 'Europe/Paris', '2021-02-20T00:00:00Z', '2021-04-30T00:00:00Z')).toEqual([
      '2021-02-20T00:00:00.000Z 2021-03-01T08:30:00.000Z a layer:l',
      '2021-03-01T08:30:00.000Z 2021-04-30T00:00:00.000Z b layer:l',
    ]);
  });

  it('New York: UNTIL=…T140000Z is 09:00 EST, so the 10:00 EST occurrence that day does not hand off', () => {
    expect(occurrences('FREQ=DAILY;BYHOUR=9,10;UNTIL=20270106T140000Z', '2027-01-04T09:00', '2027-01-04', '2027-02-01', 'America/New_York')).toEqual([
      '2027-01-04T09:00',
      '2027-01-04T10:00',
      '2027-01-05T09:00',
      '2027-01-05T10:00',
      '2027-01-06T09:00',
    ]);
    // Without Z the same digits are 14:00 New York time: both of Jan 6's occurrences are in.
    expect(occurrences('FREQ=DAILY;BYHOUR=9,10;UNTIL=20270106T140000', '2027-01-04T09:00', '2027-01-06', '2027-02-01', 'America/New_York')).toEqual(['2027-01-06T09:00', '2027-01-06T10:00']);
    // …and with Z, 09:00Z is 04:00 EST: nothing on Jan 6.
    expect(occurrences('FREQ=DAILY;BYHOUR=9,10;UNTIL=20270106T090000Z', '2027-01-04T09:00', '2027-01-05', '2027-02-01', 'America/New_York')).toEqual(['2027-01-05T09:00', '2027-01-05T10:00']);
  });

  it('across a DST change the offset of the UNTIL day counts, not that of the start', () => {
    // Daily 09:00 from Wed 03-10 (EST, 14:00Z); from 03-14 it is EDT, 09:00 = 13:00Z.
    const rule = (until: string) => `FREQ=DAILY;UNTIL=${until}`;
    expect(occurrences(rule('20270315T130000Z'), '2027-03-10T09:00', '2027-03-13', '2027-04-01', 'America/New_York')).toEqual(['2027-03-13T09:00', '2027-03-14T09:00', '2027-03-15T09:00']);
    expect(occurrences(rule('20270315T125959Z'), '2027-03-10T09:00', '2027-03-13', '2027-04-01', 'America/New_York')).toEqual(['2027-03-13T09:00', '2027-03-14T09:00']);
    // Europe/Paris in autumn: 10-31 09:30 is CET (08:30Z) again.
    expect(occurrences(rule('20271031T083000Z'), '2027-10-01T09:30', '2027-10-30', '2027-12-01', 'Europe/Paris')).toEqual(['2027-10-30T09:30', '2027-10-31T09:30']);
    expect(occurrences(rule('20271031T073000Z'), '2027-10-01T09:30', '2027-10-30', '2027-12-01', 'Europe/Paris')).toEqual(['2027-10-30T09:30']);
  });

  it('an UNTIL just after a spring-forward gap leaves out the gap times that move past it', () => {
    // New York 2027-03-14: 02:00–03:00 does not exist. 02:00 → 03:00 EDT (07:00Z), 02:30 → 03:30 EDT (07:30Z),
    // 03:00 EDT = 07:00Z, 03:30 EDT = 07:30Z. UNTIL 07:15Z keeps 02:00 and 03:00 only.
    const parsed = parseRecur('FREQ=DAILY;BYHOUR=2,3;BYMINUTE=0,30;UNTIL=20270314T071500Z');
    if (!parsed.ok) throw new Error(parsed.problems.join());
    const start = at('2027-03-13T02:00:00Z');
    const r = recurrenceOf(parsed.rule, start, 'America/New_York');
    expect(r.between(start, start + 3 * DAY).map((t) => iso(t)!.slice(0, 16))).toEqual([
      '2027-03-13T02:00',
      '2027-03-13T02:30',
      '2027-03-13T03:00',
      '2027-03-13T03:30',
      '2027-03-14T02:00',
      '2027-03-14T03:00',
    ]);
    expect(r.count(start, at('2027-03-14T02:45:00Z'))).toBe(5);
    expect(r.count(start, start + 3 * DAY)).toBe(6);
    expect(iso(r.lastAtOrBefore(at('2027-03-14T02:45:00Z')))).toBe('2027-03-14T02:00:00.000Z');
    expect(iso(r.lastAtOrBefore(at('2027-03-20T00:00:00Z')))).toBe('2027-03-14T03:00:00.000Z');
  });

  it('an UNTIL in the second pass of a fall-back hour keeps every repeated wall time (each is read at its first pass)', () => {
    // New York 2027-11-07: 01:00–02:00 happens twice. 01:45 is 01:45 EDT (05:45Z), before UNTIL 06:15Z (01:15 EST).
    expect(occurrences('FREQ=DAILY;BYHOUR=1,2;BYMINUTE=45;UNTIL=20271107T061500Z', '2027-11-06T01:45', '2027-11-06', '2027-12-01', 'America/New_York')).toEqual([
      '2027-11-06T01:45',
      '2027-11-06T02:45',
      '2027-11-07T01:45',
    ]);
  });

  it('"stops at once" (no occurrence needed) compares the UNTIL instant with the start', () => {
    // Tokyo is UTC+9: UNTIL 2027-01-04T01:00Z is 10:00 JST, after the 09:00 start, so Feb 30 must occur.
    const tokyo = (rrule: string) => validateSchedule(doc(rrule, '2027-01-04T09:00', ['a'], 'Asia/Tokyo')).map((p) => p.message);
    expect(tokyo('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;UNTIL=20270104T010000Z')).toEqual(['rule has no occurrence within 10 years of the start']);
    expect(tokyo('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;UNTIL=20270104T000000Z')).toEqual([]);
    expect(tokyo('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;UNTIL=20270104T090000')).toEqual([]);
  });
});
