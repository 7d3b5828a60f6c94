/**
 * Spec §1: "Never a 500 for bad input". validateSchedule must answer (not throw) for any JSON
 * value, and whatever it accepts must compile and give a finite, tiled timeline quickly — the
 * PUT and preview routes run exactly this sequence on user documents.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ScheduleDoc, compileSchedule, computeTimeline, shiftAt, validateSchedule } from '../../src/engine/index.js';
import { DAY, at, fixedHolidays } from './helpers.js';

const FROM = at('2027-03-01T00:00:00Z');

/** Odds of garbage in each field: high for the "never throws" test, low for the accepted path. */
let garbage = 1;
/** A value that is usually of the right shape, sometimes anything at all. */
const maybe = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 40, arbitrary: good }, { weight: garbage, arbitrary: fc.jsonValue() });

/** Builds the document generator with the current garbage odds. */
const gen = () => {
const clock = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('00:00', '09:00', '17:30', '24:00', '23:59') },
  { weight: 1, arbitrary: fc.constantFrom('24:01', '9:00', '25:00', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const dayClock = fc.tuple(fc.constantFrom('MO', 'SU', 'XX', 'mo', ''), clock).map(([d, c]) => `${d} ${c}`);
const localDateTime = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('2027-01-04T09:00', '2028-02-29T00:00', '2027-03-28T02:30', '0001-01-01T00:00', '9999-12-31T23:59') },
  fc.constantFrom('2027-01-04T09:00', '2027-02-29T00:00', '2028-02-29T00:00', '2027-03-28T02:30', '2027-01-04T09:00Z', '0001-01-01T00:00', '9999-12-31T23:59'),
  fc.string({ maxLength: 20 }),
);
const rotation = fc.oneof(
  fc.record({
    every: maybe(fc.constantFrom('P1W', 'PT15M', 'PT14M', 'P0D', 'P-1D', 'P1.5M', 'P1M', 'P300000Y', 'PT99999999999H', 'P1DT-1H', 'garbage')),
    start: maybe(localDateTime),
  }),
  fc.record({
    rrule: maybe(
      fc.constantFrom(
        'FREQ=WEEKLY;BYDAY=MO',
        'FREQ=MINUTELY',
        'FREQ=HOURLY;BYMINUTE=0,1,2',
        'FREQ=DAILY;BYSECOND=1,2',
        'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30',
        'FREQ=DAILY;INTERVAL=0',
        'FREQ=DAILY;COUNT=1',
        'FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=18',
        'RRULE:FREQ=DAILY',
        'FREQ=DAILY;TZID=UTC',
        'BYDAY=MO',
        'FREQ=WEEKLY;BYDAY=1MO',
        'FREQ=DAILY;UNTIL=20000101T000000Z',
      ),
    ),
    start: maybe(localDateTime),
  }),
  fc.record({ per: maybe(fc.constantFrom('window', 'shift')), start: maybe(localDateTime) }),
  fc.jsonValue(),
);
const activeWhen = fc.record(
  {
    weekly: maybe(fc.array(fc.oneof(fc.record({ from: maybe(dayClock), to: maybe(dayClock) }), fc.record({ days: maybe(fc.array(fc.constantFrom('MO', 'SA', 'XX'))), from: clock, to: clock })), { maxLength: 2 })),
    holidays: maybe(fc.array(fc.record({ calendar: maybe(fc.constantFrom('cal', '')), from: maybe(clock), to: maybe(clock) }, { requiredKeys: [] }), { maxLength: 2 })),
    dates: maybe(fc.array(fc.record({ start: maybe(localDateTime), end: maybe(localDateTime) }), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
const layer = fc.record(
  {
    id: maybe(fc.constantFrom('l', 'L', 'weekend', '-x', 'a'.repeat(64))),
    name: maybe(fc.string({ maxLength: 5 })),
    participants: maybe(fc.array(maybe(fc.constantFrom('a', 'b', 'Bad Id')), { maxLength: 3 })),
    rotation,
    activeWhen: maybe(activeWhen),
  },
  { requiredKeys: ['id', 'participants', 'rotation'] },
);
const doc = fc.record(
  {
    id: maybe(fc.constantFrom('comms', 'Comms')),
    name: maybe(fc.constantFrom('x', '', ' ')),
    timeZone: maybe(fc.constantFrom('Europe/Berlin', 'UTC', 'Mars/Olympus', 'utc', 'Etc/GMT+5', 'America/Sao_Paulo')),
    fallback: maybe(fc.constantFrom('fb', null, 'Bad Id')),
    requireCoverage: maybe(fc.boolean()),
    layers: maybe(fc.array(layer, { maxLength: 3 })),
  },
  { requiredKeys: ['name', 'timeZone', 'layers'] },
);
return doc;
};
const hostile = (() => {
  garbage = 10;
  return gen();
})();
const plausible = (() => {
  garbage = 1;
  return gen();
})();

describe('validate → compile → timeline on hostile documents', () => {
  it('validateSchedule never throws, even on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.jsonValue()), (d) => {
        const problems = validateSchedule(d);
        expect(Array.isArray(problems)).toBe(true);
        for (const p of problems) expect(typeof p.path === 'string' && typeof p.message === 'string' && p.message.length > 0).toBe(true);
      }),
      { numRuns: 400, seed: 9457 },
    );
  });

  it('an accepted document compiles and gives a tiled timeline and a shiftAt answer, in bounded time', () => {
    let accepted = 0;
    fc.assert(
      fc.property(plausible, (d) => {
        if (validateSchedule(d).length > 0) return;
        accepted++;
        const input = { versions: [{ effectiveFrom: FROM, schedule: compileSchedule(d as ScheduleDoc) }], overrides: [], holidays: fixedHolidays({ cal: ['2027-03-08'] }) };
        const t0 = performance.now();
        const shifts = computeTimeline(input, FROM, FROM + 30 * DAY);
        expect(shifts[0]!.start).toBe(FROM);
        expect(shifts[shifts.length - 1]!.end).toBe(FROM + 30 * DAY);
        for (let i = 1; i < shifts.length; i++) expect(shifts[i]!.start).toBe(shifts[i - 1]!.end);
        // 15-minute handoffs at most: 30 days hold at most 2 881 shifts per layer's worth of edges.
        expect(shifts.length).toBeLessThanOrEqual(3 * 2 * 2881);
        const a = shiftAt(input, FROM + 12 * DAY);
        expect(['override', 'layer', 'fallback', 'gap']).toContain(a.source);
        expect(performance.now() - t0).toBeLessThan(5_000);
      }),
      { numRuns: 800, seed: 1_5545 },
    );
    // The generator must actually exercise the accepted path.
    expect(accepted).toBeGreaterThan(10);
  });
});
