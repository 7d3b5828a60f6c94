/**
 * Spec §1's local-time rules, checked at real transitions. Every expected instant is worked out
 * by hand from the zone's offsets on either side of the transition.
 */
import { describe, expect, it } from 'vitest';
import { offsetAt, parseClock, parseLocalDateTime, startOfLocalWeek, toInstant, toLocal } from '../../src/engine/localtime.js';
import { at, iso } from './helpers.js';

const local = (s: string) => parseLocalDateTime(s)!;
const instant = (zone: string, s: string) => iso(toInstant(zone, local(s)));

describe('toInstant: ordinary times', () => {
  it('reads a winter and a summer time with the offset in force', () => {
    // Berlin: CET = UTC+1 in January, CEST = UTC+2 in July.
    expect(instant('Europe/Berlin', '2027-01-04T09:00')).toBe('2027-01-04T08:00:00.000Z');
    expect(instant('Europe/Berlin', '2027-07-05T09:00')).toBe('2027-07-05T07:00:00.000Z');
    // Kolkata has no DST: always UTC+5:30.
    expect(instant('Asia/Kolkata', '2027-03-14T02:30')).toBe('2027-03-13T21:00:00.000Z');
  });
});

describe('toInstant: non-existent local times move forward by the gap', () => {
  it('New York 2027-03-14 02:30 → 03:30 EDT = 07:30Z', () => {
    // Clocks jump from 02:00 EST (07:00Z) to 03:00 EDT; 02:30 read with EST (UTC−5) = 07:30Z = 03:30 EDT.
    expect(instant('America/New_York', '2027-03-14T02:30')).toBe('2027-03-14T07:30:00.000Z');
    expect(instant('America/New_York', '2027-03-14T02:00')).toBe('2027-03-14T07:00:00.000Z');
    expect(instant('America/New_York', '2027-03-14T03:00')).toBe('2027-03-14T07:00:00.000Z');
  });

  it('Berlin 2027-03-28 02:30 → 03:30 CEST = 01:30Z', () => {
    // EU switch at 01:00Z: 02:00 CET becomes 03:00 CEST; 02:30 read with CET (UTC+1) = 01:30Z.
    expect(instant('Europe/Berlin', '2027-03-28T02:30')).toBe('2027-03-28T01:30:00.000Z');
  });

  it('Lord Howe 2027-10-03 02:15 → 02:45 (a 30-minute gap)', () => {
    // Lord Howe goes from UTC+10:30 to UTC+11 at 02:00 local on the first Sunday of October
    // (2027-10-03). 02:15 read with +10:30 = 2027-10-02T15:45Z = 02:45 (+11).
    expect(instant('Australia/Lord_Howe', '2027-10-03T02:15')).toBe('2027-10-02T15:45:00.000Z');
  });
});

describe('toInstant: ambiguous local times mean the earlier instant', () => {
  it('New York 2027-11-07 01:30 → 01:30 EDT = 05:30Z (not 06:30Z EST)', () => {
    expect(instant('America/New_York', '2027-11-07T01:30')).toBe('2027-11-07T05:30:00.000Z');
    // 01:00 is ambiguous too (05:00Z EDT or 06:00Z EST): earlier.
    expect(instant('America/New_York', '2027-11-07T01:00')).toBe('2027-11-07T05:00:00.000Z');
    // 02:00 exists once: EST, 07:00Z.
    expect(instant('America/New_York', '2027-11-07T02:00')).toBe('2027-11-07T07:00:00.000Z');
  });

  it('Berlin 2027-10-31 02:30 → 02:30 CEST = 00:30Z', () => {
    // EU fall-back at 01:00Z: 03:00 CEST becomes 02:00 CET; 02:30 occurs at 00:30Z and 01:30Z.
    expect(instant('Europe/Berlin', '2027-10-31T02:30')).toBe('2027-10-31T00:30:00.000Z');
  });

  it('Chatham 2027-04-04 02:45 → the first 02:45 (+13:45) = 2027-04-03T13:00Z', () => {
    // Chatham leaves +13:45 for +12:45 at 03:45 local on the first Sunday of April (2027-04-04).
    expect(instant('Pacific/Chatham', '2027-04-04T02:45')).toBe('2027-04-03T13:00:00.000Z');
  });
});

describe('toLocal and offsets', () => {
  it('round-trips around the New York fall-back', () => {
    // 05:30Z is 01:30 EDT, 06:30Z is 01:30 EST: both show 01:30 on the wall.
    expect(iso(toLocal('America/New_York', at('2027-11-07T05:30:00Z')))).toBe('2027-11-07T01:30:00.000Z');
    expect(iso(toLocal('America/New_York', at('2027-11-07T06:30:00Z')))).toBe('2027-11-07T01:30:00.000Z');
    expect(offsetAt('America/New_York', at('2027-11-07T05:59:59.999Z'))).toBe(-4 * 3_600_000);
    expect(offsetAt('America/New_York', at('2027-11-07T06:00:00Z'))).toBe(-5 * 3_600_000);
  });

  it('does not depend on the process TZ', () => {
    // The `tz` project re-runs this file under TZ=Pacific/Auckland; these must not move.
    expect(instant('UTC', '2027-01-01T00:00')).toBe('2027-01-01T00:00:00.000Z');
    expect(instant('America/Sao_Paulo', '2027-06-01T12:00')).toBe('2027-06-01T15:00:00.000Z');
  });
});

describe('parsers', () => {
  it('accepts local date-times only', () => {
    expect(parseLocalDateTime('2028-02-29T00:00')).toBe(Date.UTC(2028, 1, 29));
    expect(parseLocalDateTime('2027-02-29T00:00')).toBeNull();
    expect(parseLocalDateTime('2027-01-04T09:00Z')).toBeNull();
    expect(parseLocalDateTime('2027-01-04T09:00+01:00')).toBeNull();
    expect(parseLocalDateTime('2027-01-04T24:00')).toBeNull();
    expect(parseLocalDateTime('2027-01-04T09:00:30')).toBe(Date.UTC(2027, 0, 4, 9, 0, 30));
  });

  it('reads clocks, "24:00" only when allowed', () => {
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('24:00', true)).toBe(1440);
    expect(parseClock('25:00', true)).toBeNull();
    expect(parseClock('9:00')).toBeNull();
  });

  it('finds the Monday of a local week', () => {
    // 2027-03-28 is a Sunday; its week began Monday 2027-03-22.
    expect(iso(startOfLocalWeek(Date.UTC(2027, 2, 28, 23, 59)))).toBe('2027-03-22T00:00:00.000Z');
    expect(iso(startOfLocalWeek(Date.UTC(2027, 2, 22)))).toBe('2027-03-22T00:00:00.000Z');
  });
});
