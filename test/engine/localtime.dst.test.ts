/**
 * Spec §1's local-time rules, checked at real transitions. Every expected instant is worked out
 * by hand from the zone's offsets on either side of the transition.
 */
import { describe, expect, it } from 'vitest';
import { type LayerDoc, type ScheduleDoc, computeCoverage, computeTimeline, shiftAt } from '../../src/engine/index.js';
import { offsetAt, parseClock, parseLocalDateTime, startOfLocalWeek, toInstant, toLocal } from '../../src/engine/localtime.js';
import { HOUR, at, iso, lines, timelineInput } from './helpers.js';

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

const schedule = (timeZone: string, layers: LayerDoc[], fallback?: string): ScheduleDoc => ({
  name: 'dst',
  timeZone,
  ...(fallback ? { fallback } : {}),
  layers,
});

describe('Lord Howe: a 30-minute DST shift', () => {
  // Australia/Lord_Howe is UTC+10:30 in winter, UTC+11 in summer. Spring forward: Sun 2027-10-03
  // 02:00 (+10:30) = 2027-10-02T15:30Z becomes 02:30, so 02:00–02:29 do not exist. Fall back:
  // Sun 2028-04-02 02:00 (+11) = 2028-04-01T15:00Z becomes 01:30, so 01:30–01:59 happen twice.

  it('P1D at 02:15: the handoff in the gap moves to 02:45 (+11); that day lasts 23.5 h', () => {
    // k0 Fri 10-01 02:15 (+10:30) = 09-30T15:45Z; k1 Sat 10-02 02:15 = 10-01T15:45Z;
    // k2 Sun 10-03 02:15 → 02:45 (+11) = 10-02T15:45Z (a 24 h shift k1: moved by the gap, and
    // the gap is the offset change); k3 Mon 10-04 02:15 (+11) = 10-03T15:15Z (k2: 23.5 h).
    const input = timelineInput(
      schedule('Australia/Lord_Howe', [{ id: 'd', participants: ['a', 'b', 'c', 'd'], rotation: { every: 'P1D', start: '2027-10-01T02:15' } }]),
    );
    expect(lines(computeTimeline(input, at('2027-09-30T15:45:00Z'), at('2027-10-04T15:15:00Z')))).toEqual([
      '2027-09-30T15:45:00.000Z 2027-10-01T15:45:00.000Z a layer:d',
      '2027-10-01T15:45:00.000Z 2027-10-02T15:45:00.000Z b layer:d',
      '2027-10-02T15:45:00.000Z 2027-10-03T15:15:00.000Z c layer:d',
      '2027-10-03T15:15:00.000Z 2027-10-04T15:15:00.000Z d layer:d',
    ]);
  });

  it('P1D at 01:45: the repeated 01:45 hands off the first time; that day lasts 24.5 h', () => {
    // k0 Fri 03-31 01:45 (+11) = 03-30T14:45Z; k1 Sat 04-01 = 03-31T14:45Z; k2 Sun 04-02 01:45
    // occurs at 04-01T14:45Z (+11) and 15:15Z (+10:30): the earlier; k3 Mon 04-03 01:45 (+10:30)
    // = 04-02T15:15Z.
    const input = timelineInput(
      schedule('Australia/Lord_Howe', [{ id: 'd', participants: ['a', 'b', 'c', 'd'], rotation: { every: 'P1D', start: '2028-03-31T01:45' } }]),
    );
    const s = shiftAt(input, at('2028-04-01T15:00:00Z')); // the first 02:15 … inside k2
    expect([s.personId, iso(s.start), iso(s.end)]).toEqual(['c', '2028-04-01T14:45:00.000Z', '2028-04-02T15:15:00.000Z']);
    expect(s.end! - s.start!).toBe(24.5 * HOUR);
    // The millisecond before the first 01:45 is still k1.
    expect(shiftAt(input, at('2028-04-01T14:44:59.999Z')).personId).toBe('b');
  });

  it('PT30M through the gap: the 02:00 handoff lands on 02:30 and is swallowed by it', () => {
    // From Sun 2027-10-03 01:00 (+10:30) = 10-02T14:30Z: k0 01:00 → 14:30Z (a), k1 01:30 →
    // 15:00Z (b), k2 02:00 → gap → 02:30 (+11) = 15:30Z, k3 02:30 (+11) = 15:30Z too: the later
    // handoff wins (d), so c never holds a shift; k4 03:00 = 16:00Z (e), k5 03:30 = 16:30Z (a).
    const input = timelineInput(
      schedule('Australia/Lord_Howe', [
        { id: 'h', participants: ['a', 'b', 'c', 'd', 'e'], rotation: { every: 'PT30M', start: '2027-10-03T01:00' } },
      ]),
    );
    expect(lines(computeTimeline(input, at('2027-10-02T14:30:00Z'), at('2027-10-02T17:00:00Z')))).toEqual([
      '2027-10-02T14:30:00.000Z 2027-10-02T15:00:00.000Z a layer:h',
      '2027-10-02T15:00:00.000Z 2027-10-02T15:30:00.000Z b layer:h',
      '2027-10-02T15:30:00.000Z 2027-10-02T16:00:00.000Z d layer:h',
      '2027-10-02T16:00:00.000Z 2027-10-02T16:30:00.000Z e layer:h',
      '2027-10-02T16:30:00.000Z 2027-10-02T17:00:00.000Z a layer:h',
    ]);
  });

  it('a weekly span SU 01:30 → SU 02:15 on the fall-back night is the first 01:30 to the only 02:15', () => {
    // 2028-04-02: 01:30 → earlier (+11) = 04-01T14:30Z; 02:15 exists once (+10:30) = 15:45Z:
    // 45 wall minutes, 75 real ones.
    const input = timelineInput(
      schedule(
        'Australia/Lord_Howe',
        [{ id: 'w', participants: ['w'], rotation: { every: 'P1W', start: '2028-01-02T00:00' }, activeWhen: { weekly: [{ from: 'SU 01:30', to: 'SU 02:15' }] } }],
        'fb',
      ),
    );
    expect(lines(computeTimeline(input, at('2028-04-01T14:00:00Z'), at('2028-04-01T16:00:00Z')))).toEqual([
      '2028-04-01T14:00:00.000Z 2028-04-01T14:30:00.000Z fb fallback',
      '2028-04-01T14:30:00.000Z 2028-04-01T15:45:00.000Z w layer:w',
      '2028-04-01T15:45:00.000Z 2028-04-01T16:00:00.000Z fb fallback',
    ]);
  });
});

describe('weekly spans starting in a spring-forward gap and ending in a fall-back overlap', () => {
  it('New York SU 02:30 → SU 01:30 (wraps a week): 1 real hour off on 03-14, 2 on 11-07', () => {
    // Per window from Mon 2027-03-01 00:00 EST (05:00Z). Window 0: the span begun Sun 02-28,
    // clipped to the start, to Sun 03-07 01:30 EST (06:30Z). Window 1: Sun 03-07 02:30 EST
    // (07:30Z) → Sun 03-14 01:30 EST (06:30Z). Window 2: Sun 03-14 02:30 does not exist →
    // 03:30 EDT = 07:30Z → Sun 03-21 01:30 EDT (05:30Z). So 03-14 is off 06:30Z–07:30Z.
    // Fall: Sun 10-31 is 238 days = 34 weeks after 03-07 → window 35 (b), 02:30 EDT = 06:30Z →
    // Sun 11-07 01:30, which happens twice: the earlier, EDT = 05:30Z. Window 36 (a) starts
    // 11-07 02:30 EST = 07:30Z. So 11-07 is off 05:30Z–07:30Z.
    const input = timelineInput(
      schedule(
        'America/New_York',
        [
          {
            id: 'week',
            participants: ['a', 'b'],
            rotation: { per: 'window', start: '2027-03-01T00:00' },
            activeWhen: { weekly: [{ from: 'SU 02:30', to: 'SU 01:30' }] },
          },
        ],
        'fb',
      ),
    );
    expect(lines(computeTimeline(input, at('2027-03-14T00:00:00Z'), at('2027-03-14T12:00:00Z')))).toEqual([
      '2027-03-14T00:00:00.000Z 2027-03-14T06:30:00.000Z b layer:week',
      '2027-03-14T06:30:00.000Z 2027-03-14T07:30:00.000Z fb fallback',
      '2027-03-14T07:30:00.000Z 2027-03-14T12:00:00.000Z a layer:week',
    ]);
    expect(lines(computeTimeline(input, at('2027-11-07T00:00:00Z'), at('2027-11-07T12:00:00Z')))).toEqual([
      '2027-11-07T00:00:00.000Z 2027-11-07T05:30:00.000Z b layer:week',
      '2027-11-07T05:30:00.000Z 2027-11-07T07:30:00.000Z fb fallback',
      '2027-11-07T07:30:00.000Z 2027-11-07T12:00:00.000Z a layer:week',
    ]);
    // Window 2 runs 03-14T07:30Z → 03-21T05:30Z: a week of wall time less the skipped hour.
    const s = shiftAt(input, at('2027-03-17T12:00:00Z'));
    expect([iso(s.start), iso(s.end)]).toEqual(['2027-03-14T07:30:00.000Z', '2027-03-21T05:30:00.000Z']);
  });

  it('Berlin SA+SU 02:30 → 02:15 (overnight): a quarter hour off after each Sunday span end', () => {
    // Spring 2027: Sat 03-27 02:30 CET = 01:30Z → Sun 03-28 02:15, in the gap → 03:15 CEST =
    // 01:15Z; Sun 02:30 → 03:30 CEST = 01:30Z → Mon 03-29 02:15 CEST = 00:15Z.
    // Fall 2027: Sat 10-30 02:30 CEST = 00:30Z → Sun 10-31 02:15, twice → CEST = 00:15Z; Sun 02:30,
    // twice → CEST = 00:30Z → Mon 11-01 02:15 CET = 01:15Z.
    const input = timelineInput(
      schedule(
        'Europe/Berlin',
        [
          {
            id: 'we',
            participants: ['w'],
            rotation: { every: 'P1W', start: '2027-01-04T00:00' },
            activeWhen: { weekly: [{ days: ['SA', 'SU'], from: '02:30', to: '02:15' }] },
          },
        ],
        'fb',
      ),
    );
    expect(lines(computeTimeline(input, at('2027-03-27T00:00:00Z'), at('2027-03-29T06:00:00Z')))).toEqual([
      '2027-03-27T00:00:00.000Z 2027-03-27T01:30:00.000Z fb fallback',
      '2027-03-27T01:30:00.000Z 2027-03-28T01:15:00.000Z w layer:we',
      '2027-03-28T01:15:00.000Z 2027-03-28T01:30:00.000Z fb fallback',
      '2027-03-28T01:30:00.000Z 2027-03-29T00:15:00.000Z w layer:we',
      '2027-03-29T00:15:00.000Z 2027-03-29T06:00:00.000Z fb fallback',
    ]);
    expect(lines(computeTimeline(input, at('2027-10-30T00:00:00Z'), at('2027-11-01T06:00:00Z')))).toEqual([
      '2027-10-30T00:00:00.000Z 2027-10-30T00:30:00.000Z fb fallback',
      '2027-10-30T00:30:00.000Z 2027-10-31T00:15:00.000Z w layer:we',
      '2027-10-31T00:15:00.000Z 2027-10-31T00:30:00.000Z fb fallback',
      '2027-10-31T00:30:00.000Z 2027-11-01T01:15:00.000Z w layer:we',
      '2027-11-01T01:15:00.000Z 2027-11-01T06:00:00.000Z fb fallback',
    ]);
  });

  it('a span wholly inside the gap (SU 02:15 → 02:45 on 2027-03-28 Berlin) moves forward whole, 03:15 → 03:45 CEST', () => {
    // 02:15 → 03:15 CEST (01:15Z), 02:45 → 03:45 CEST (01:45Z): shifted together, 30 real minutes.
    // The week after: 02:15 CEST = 00:15Z → 00:45Z.
    const input = timelineInput(
      schedule(
        'Europe/Berlin',
        [{ id: 'x', participants: ['x'], rotation: { every: 'P1D', start: '2027-03-01T00:00' }, activeWhen: { weekly: [{ from: 'SU 02:15', to: 'SU 02:45' }] } }],
        'fb',
      ),
    );
    expect(lines(computeTimeline(input, at('2027-03-28T00:00:00Z'), at('2027-03-28T03:00:00Z')))).toEqual([
      '2027-03-28T00:00:00.000Z 2027-03-28T01:15:00.000Z fb fallback',
      '2027-03-28T01:15:00.000Z 2027-03-28T01:45:00.000Z x layer:x',
      '2027-03-28T01:45:00.000Z 2027-03-28T03:00:00.000Z fb fallback',
    ]);
  });
});

describe('date ranges across a DST change (Berlin)', () => {
  const doc = (start: string, end: string) =>
    schedule(
      'Europe/Berlin',
      [{ id: 'r', participants: ['r'], rotation: { every: 'P1W', start: '2027-01-04T00:00' }, activeWhen: { dates: [{ start, end }] } }],
      'fb',
    );
  const span = (start: string, end: string) => {
    const input = timelineInput(doc(start, end));
    const s = computeTimeline(input, at('2027-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z')).filter((x) => x.source === 'layer');
    return s.map((x) => [iso(x.start), iso(x.end), (x.end - x.start) / HOUR]);
  };

  it('noon to noon over the spring-forward night is 23 h: 03-27T11:00Z → 03-28T10:00Z', () => {
    expect(span('2027-03-27T12:00', '2027-03-28T12:00')).toEqual([['2027-03-27T11:00:00.000Z', '2027-03-28T10:00:00.000Z', 23]]);
  });

  it('noon to noon over the fall-back night is 25 h: 10-30T10:00Z → 10-31T11:00Z', () => {
    expect(span('2027-10-30T12:00', '2027-10-31T12:00')).toEqual([['2027-10-30T10:00:00.000Z', '2027-10-31T11:00:00.000Z', 25]]);
  });

  it('from a start in the gap to an end in the overlap: 03-28 02:00 → 03:00 CEST, 10-31 02:30 → CEST', () => {
    // 02:00 on 03-28 does not exist → 03:00 CEST = 01:00Z; 02:30 on 10-31 twice → CEST = 00:30Z.
    // Length: 03-28T01:00Z → 10-31T00:30Z = 216 days 23.5 h = 5207.5 h.
    expect(span('2027-03-28T02:00', '2027-10-31T02:30')).toEqual([['2027-03-28T01:00:00.000Z', '2027-10-31T00:30:00.000Z', 5207.5]]);
  });

  it('coverage counts real hours: 25 h for the fall-back range, 1 of them at night twice over', () => {
    // 10-30 12:00 CEST → 10-31 12:00 CET; night 22:00 → 06:00 local that night is 9 real hours.
    const from = at('2027-10-30T00:00:00Z');
    const to = at('2027-11-01T00:00:00Z');
    const shifts = computeTimeline(timelineInput(doc('2027-10-30T12:00', '2027-10-31T12:00')), from, to);
    const c = computeCoverage(shifts, { timeZone: 'Europe/Berlin', holidayDates: new Set() }, from, to);
    const r = c.load.find((l) => l.person === 'r')!;
    expect([r.hours, r.nightHours, r.weekendHours, r.shifts]).toEqual([25, 9, 25, 1]);
  });
});

describe('the web app reads local times with the same rule', () => {
  // web/src/lib/time.ts takes its offsets from Intl, the engine from luxon; the rule (wall-clock.ts) is one.
  it('agrees with the engine on every quarter hour around each 2027 transition of zones with 1 h, 30 min and whole-day changes', async () => {
    const { localInputToIso } = await import('../../web/src/lib/time.js');
    const cases = [
      ['America/New_York', ['2027-03-14', '2027-11-07']],
      ['Europe/Berlin', ['2027-03-28', '2027-10-31']],
      ['Australia/Lord_Howe', ['2027-04-04', '2027-10-03']],
      ['Pacific/Apia', ['2011-12-29', '2011-12-30', '2011-12-31']],
    ] as const;
    let compared = 0;
    for (const [zone, days] of cases) {
      for (const day of days) {
        for (let q = 0; q < 96; q++) {
          const text = `${day}T${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
          expect(localInputToIso(text, zone), `${zone} ${text}`).toBe(instant(zone, text));
          compared++;
        }
      }
    }
    expect(compared).toBe(9 * 96);
  });
});
