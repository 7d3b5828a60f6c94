/**
 * The engine against the naive oracle (oracle.ts): random schedules in zones with unusual DST,
 * random rotations/spans/holidays/dates/overrides/versions, layer ends, whenAway and time off,
 * and instants chosen where bugs live — DST transitions, handoffs, window edges, rotation starts
 * and ends, version, override and time-off bounds, each
 * probed at 0, ±1 ms and ±1 min. computeTimeline's shift at t and shiftAt(t) must name the same
 * holder (person, source, layer, override) as the oracle; every timeline boundary must be a real
 * change of holder according to the oracle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LayerDoc, type OverrideInput, type ScheduleDoc, type TimeOffInput, computeCoverage, computeTimeline, shiftAt } from '../../src/engine/index.js';
import { DAY, HOUR, at, dropEmptyActiveWhen, fixedHolidays, timelineInput } from './helpers.js';
import { Oracle, naiveOf, oracleOffset, resolve, transitions } from './oracle.js';

const MIN = 60_000;
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'UTC',
];
/** Two eras: 2027 (today's rules) and 2018 (São Paulo still had DST, with its midnight gap). */
const ERAS = [at('2027-01-01T00:00:00Z'), at('2018-07-01T00:00:00Z')];
const PEOPLE = ['a', 'b', 'c', 'd'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** Holiday dates on and around DST days, runs of days, year ends, a leap day. */
const HOLIDAYS = fixedHolidays({
  cal: [
    '2018-09-30', '2018-10-07', '2018-11-04', '2018-12-24', '2018-12-25', '2018-12-26', '2018-12-31',
    '2019-01-01', '2019-02-16', '2019-02-17',
    '2027-01-01', '2027-03-14', '2027-03-26', '2027-03-28', '2027-03-29', '2027-04-04', '2027-09-26',
    '2027-10-03', '2027-10-31', '2027-11-07', '2027-12-24', '2027-12-25', '2027-12-26', '2027-12-31',
    '2028-01-01', '2028-02-29', '2028-04-02',
  ],
});

const pad = (n: number) => String(n).padStart(2, '0');
/** Wall clocks at and around each zone's DST switches (gaps, overlaps, their edges). */
const HOT_CLOCKS: Record<string, string[]> = {
  'Europe/Berlin': ['01:45', '02:00', '02:15', '02:30', '02:45', '03:00'],
  'America/New_York': ['00:45', '01:00', '01:30', '01:45', '02:00', '02:30', '03:00'],
  'Australia/Lord_Howe': ['01:15', '01:30', '01:45', '02:00', '02:15', '02:30'],
  'Pacific/Chatham': ['02:30', '02:45', '03:00', '03:15', '03:30', '03:45', '04:00'],
  'America/Sao_Paulo': ['23:00', '23:15', '23:30', '23:45', '00:00', '00:15', '00:30', '01:00'],
  'Asia/Kolkata': ['00:00', '05:30', '18:30'],
  UTC: ['00:00', '23:45'],
};
/** Clocks: a zone's hot ones half of the time, else any quarter hour favouring the early hours. */
const clockFor = (zone: string) =>
  fc.oneof(
    fc.constantFrom(...HOT_CLOCKS[zone]!),
    fc.tuple(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 23 })), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${pad(h)}:${pad(m)}`),
  );
const toClockFor = (zone: string) => fc.oneof(clockFor(zone), fc.constant('24:00'));
/** Local days (offsets from the era) of the zone's transitions in the era, for biasing dates. */
const hotDays = (base: number, zone: string): number[] => {
  const days = transitions(zone, base - 120 * DAY, base + 300 * DAY).map((t) => Math.floor((t - base) / DAY));
  return days.length ? days : [0];
};
/** Day offsets: anywhere in [-60, 200], or within a week of a transition. */
const dayOffsetFor = (base: number, zone: string) =>
  fc.oneof(
    fc.integer({ min: -60, max: 200 }),
    fc.tuple(fc.constantFrom(...hotDays(base, zone)), fc.integer({ min: -7, max: 1 })).map(([d, k]) => d + k),
  );
/** Weekdays, Sunday (every zone here switches on a Sunday) and Saturday doubly likely. */
const dayName = fc.constantFrom(...DAYS, 'SU' as const, 'SA' as const, 'SU' as const);
const localAt = (base: number, d: number, c: string) => `${new Date(base + d * DAY).toISOString().slice(0, 10)}T${c}`;

const EVERY = ['PT1H', 'PT90M', 'PT8H', 'P1D', 'P1DT12H', 'P1W', 'P2W', 'P1M', 'P3M'];
const RRULES = [
  'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0',
  'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2',
  'FREQ=DAILY;BYHOUR=2;BYMINUTE=30',
  'FREQ=DAILY;BYHOUR=1,13',
  'FREQ=DAILY;INTERVAL=2;BYHOUR=0;BYMINUTE=15',
  'FREQ=DAILY',
  'FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=0;BYMINUTE=0',
  'FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=18',
  'FREQ=HOURLY;INTERVAL=7',
];

/** A layer generator for one era and zone (start dates are relative to `base`). */
const layerFor = (base: number, zone: string, i: number): fc.Arbitrary<LayerDoc> => {
  const clock = clockFor(zone);
  const toClock = toClockFor(zone);
  const dayOffset = dayOffsetFor(base, zone);
  const start = fc.tuple(dayOffset, clock).map(([d, c]) => localAt(base, d, c));
  const rotation = fc.oneof(
    fc.record({ every: fc.constantFrom(...EVERY), start }),
    fc.record({ rrule: fc.constantFrom(...RRULES), start }),
    fc.record({ per: fc.constant('window' as const), start }),
  );
  const weeklySpan = fc.oneof(
    fc.record({
      from: fc.tuple(dayName, clock).map(([d, c]) => `${d} ${c}`),
      to: fc.tuple(dayName, toClock).map(([d, c]) => `${d} ${c}`),
    }),
    fc.record({ days: fc.uniqueArray(dayName, { minLength: 1, maxLength: 4 }), from: clock, to: toClock }),
    // to = from: a whole day (or week), the wrap rule's edge.
    clock.map((c) => ({ days: ['SA' as const, 'SU' as const], from: c, to: c })),
  );
  const activeWhen = fc.record(
    {
      weekly: fc.array(weeklySpan, { maxLength: 2 }),
      holidays: fc.array(fc.record({ calendar: fc.constant('cal'), from: clock, to: toClock }, { requiredKeys: ['calendar'] }), {
        maxLength: 1,
      }),
      dates: fc.array(
        fc.tuple(dayOffset, clock, fc.integer({ min: 1, max: 24 * 12 })).map(([d, c, hours]) => {
          const s = localAt(base, d, c);
          const end = new Date(naiveOf(s) + hours * HOUR).toISOString().slice(0, 16);
          return { start: s, end };
        }),
        { maxLength: 1 },
      ),
    },
    { requiredKeys: [] },
  );
  // An end on the start's day or up to 150 days later, or anywhere (often near DST); kept only
  // when it comes after the start (as the validator asks).
  const end = fc.oneof(fc.tuple(fc.integer({ min: 0, max: 150 }), clock), fc.tuple(dayOffset, clock).map(([d, c]) => [d, c, 'absolute'] as const));
  return fc
    .record(
      {
        participants: fc.array(fc.constantFrom(...PEOPLE), { maxLength: 3 }),
        rotation,
        activeWhen,
        end,
        whenAway: fc.constantFrom('next' as const, 'next' as const, 'keep' as const),
      },
      { requiredKeys: ['participants', 'rotation'] },
    )
    .map(({ end: e, ...l }) => {
      const layer = dropEmptyActiveWhen({ id: `l${i}`, ...l }) as LayerDoc;
      if (!e) return layer;
      const endLocal = e.length === 3 ? localAt(base, e[0], e[1]) : localAt(naiveOf(layer.rotation.start.slice(0, 10) + 'T00:00'), e[0], e[1]);
      return resolve(zone, naiveOf(endLocal)) > resolve(zone, naiveOf(layer.rotation.start)) ? { ...layer, end: endLocal } : layer;
    });
};

const docFor = (base: number, zone: string): fc.Arbitrary<ScheduleDoc> =>
  fc
    .record({
      fallback: fc.option(fc.constant('fb'), { nil: undefined }),
      layers: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => layerFor(base, zone, i)))),
    })
    .map((s) => ({ name: 'random', timeZone: zone, ...s, layers: [...s.layers] }) as ScheduleDoc);

const scenario = fc
  .record({ era: fc.constantFrom(...ERAS), zone: fc.constantFrom(...ZONES) })
  .chain(({ era, zone }) =>
    fc.record({
      era: fc.constant(era),
      zone: fc.constant(zone),
      docs: fc.array(docFor(era, zone), { minLength: 1, maxLength: 2 }),
      effectiveFrom: fc.integer({ min: -30 * 96, max: 240 * 96 }).map((q) => era + q * 15 * MIN),
      overrides: fc.array(
        fc.tuple(fc.integer({ min: -30 * 96, max: 240 * 96 }), fc.integer({ min: 1, max: 10 * 96 }), fc.constantFrom(...PEOPLE)),
        { maxLength: 3 },
      ),
      // Time off of the participants, the fallback and someone on no schedule, at quarter hours.
      timeOff: fc.array(
        fc.tuple(fc.integer({ min: -30 * 96, max: 240 * 96 }), fc.integer({ min: 1, max: 8 * 96 }), fc.constantFrom(...PEOPLE, 'fb', 'zz')),
        { maxLength: 10 },
      ),
      picks: fc.array(fc.nat(), { minLength: 96, maxLength: 96 }),
    }),
  );
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const NUDGES = [0, -1, 1, -MIN, MIN];
const DST_NUDGES = [0, -1, 1, -MIN, MIN, -15 * MIN, 15 * MIN, -30 * MIN, 30 * MIN, -HOUR, HOUR];

function check(sc: Scenario): void {
  const versions = sc.docs.map((doc, i) => ({ doc, effectiveFrom: sc.effectiveFrom + i * 41 * DAY }));
  const overrides: OverrideInput[] = sc.overrides.map(([q, len, personId], i) => ({
    id: `o${i}`,
    personId,
    start: sc.era + q * 15 * MIN,
    end: sc.era + (q + len) * 15 * MIN,
    seq: (i * 7) % 3,
  }));
  const timeOff = timeOffOf(sc);
  const input = timelineInput(versions, { overrides, holidays: HOLIDAYS, timeOff });
  const oracle = new Oracle(versions, overrides, HOLIDAYS, timeOff);
  const lo = sc.era - 30 * DAY;
  const hi = sc.era + 240 * DAY;
  const timeline = computeTimeline(input, lo, hi);
  const p = [...sc.picks];
  const pick = <T>(list: readonly T[]): T | undefined => (list.length ? list[p.pop()! % list.length] : undefined);

  // Candidate instants: DST transitions, engine boundaries, layer starts, handoff-ish local times on
  // transition days, version and override bounds, and plain random instants.
  const dst = transitions(sc.zone, lo, hi);
  const bounds = timeline.slice(1).map((s) => s.start);
  const starts = versions.flatMap((v) => v.doc.layers.flatMap((l) => [l.rotation.start, ...(l.end ? [l.end] : [])].map((x) => resolve(sc.zone, naiveOf(x)))));
  const edges = [...versions.map((v) => v.effectiveFrom), ...overrides.flatMap((o) => [o.start, o.end]), ...timeOff.flatMap((o) => [o.start, o.end])];
  const probes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const d = pick(dst);
    if (d !== undefined) probes.push(d + pick(DST_NUDGES)!);
  }
  for (let i = 0; i < 12; i++) {
    const b = pick(bounds);
    if (b !== undefined) probes.push(b + pick(NUDGES)!);
  }
  for (let i = 0; i < 3; i++) probes.push(pick(starts)! + pick(NUDGES)!);
  for (let i = 0; i < 5; i++) probes.push(pick(edges)! + pick(NUDGES)!);
  // Inside time off, where substitutes hold.
  for (let i = 0; i < 3; i++) {
    const o = pick(timeOff);
    if (o) probes.push(o.start + (p.pop()! % (o.end - o.start)));
  }
  for (let i = 0; i < 8; i++) probes.push(lo + (p.pop()! % (hi - lo)));
  const sorted = [...new Set(probes.filter((t) => t >= lo && t < hi))].sort((a, b) => a - b);

  // shiftAt is costly on random schedules (it widens its window up to ±3 years): ask it about
  // every third instant, all of them boundary- or DST-derived or random alike.
  let j = 0;
  let n = 0;
  for (const t of sorted) {
    while (timeline[j]!.end <= t) j++;
    const s = timeline[j]!;
    const want = oracle.at(t);
    const where = `t=${new Date(t).toISOString()} zone=${sc.zone}`;
    expect({ t: where, ...pick4(s) }).toEqual({ t: where, ...want });
    // A window that starts at t (as a client's `from` would) sees the same holder.
    const tiny = computeTimeline(input, t, t + (n % 2 === 0 ? 1 : HOUR))[0]!;
    expect({ t: where, ...pick4(tiny) }).toEqual({ t: where, ...want });
    if (n++ % 3 !== 0) continue;
    const a = shiftAt(input, t);
    expect({ t: where, ...pick4(a) }).toEqual({ t: where, ...want });
    // The engine's bounds match where the window shows them.
    if (s.start > lo) expect(a.start).toBe(s.start);
    if (s.end < hi) expect(a.end).toBe(s.end);
  }
  // Every boundary the engine reports is a real change of holder (the oracle differs across it).
  for (let i = 0; i < 4; i++) {
    const b = pick(bounds);
    if (b === undefined) break;
    expect(oracle.at(b - 1), `boundary ${new Date(b).toISOString()} ${sc.zone}`).not.toEqual(oracle.at(b));
  }
}

function timeOffOf(sc: Scenario): TimeOffInput[] {
  return sc.timeOff.map(([q, len, personId], i) => ({ id: `off${i}`, personId, start: sc.era + q * 15 * MIN, end: sc.era + (q + len) * 15 * MIN }));
}

const pick4 = (s: { personId: string | null; source: string; layerId: string | null; overrideId: string | null }) => ({
  personId: s.personId,
  source: s.source,
  layerId: s.layerId,
  overrideId: s.overrideId,
});

/** CI-sized by default; `ORACLE_RUNS=5000 ORACLE_SEED=… npx vitest run …` hunts longer. */
const RUNS = Number(process.env.ORACLE_RUNS ?? 100);
const SEED = Number(process.env.ORACLE_SEED ?? 5545);
const LONG = { timeout: 60_000 + RUNS * 1_000 };

describe('engine = oracle', () => {
  it('timeline and shiftAt name the oracle’s holder at instants near DST, handoffs and edges', LONG, () => {
    fc.assert(fc.property(scenario, check), { numRuns: RUNS, seed: SEED });
  });

  it('a single layer, no overrides: its own handoffs and edges probed', LONG, () => {
    const scenario1 = scenario.map((sc) => ({ ...sc, docs: sc.docs.slice(0, 1).map((d) => ({ ...d, layers: d.layers.slice(-1) })), overrides: [] }));
    fc.assert(fc.property(scenario1, check), { numRuns: Math.ceil(RUNS / 2), seed: SEED + 1 });
  });
});

/**
 * Coverage (spec §6) against a naive count: every quarter hour of every shift, read on the local
 * wall clock with the oracle's offsets, adds ¼ h to the holder's hours, night hours when the
 * local time is 22:00–06:00, weekend hours on SA/SU, and its local date to the holiday dates;
 * and a quarter to the conflicts of each of the holder's time-off entries that holds it.
 */
function checkCoverage(sc: Scenario): void {
  const versions = sc.docs.map((doc, i) => ({ doc, effectiveFrom: sc.effectiveFrom + i * 41 * DAY }));
  const timeOff = timeOffOf(sc);
  const input = timelineInput(versions, { holidays: HOLIDAYS, timeOff });
  const from = sc.era + ((sc.picks[0]! % 200) - 20) * DAY;
  const to = from + (1 + (sc.picks[1]! % 21)) * DAY;
  const holidayDates = new Set(HOLIDAYS('cal', new Date(from).getUTCFullYear()).concat(HOLIDAYS('cal', new Date(to).getUTCFullYear())));
  const shifts = computeTimeline(input, from, to);
  const got = computeCoverage(shifts, { timeZone: sc.zone, holidayDates, timeOff }, from, to);
  // Conflicts: every quarter hour a holder spends inside one of their time-off entries.
  const conflictQuarters = new Map<string, number>();
  for (const s of shifts) {
    if (s.personId === null) continue;
    for (let g = s.start; g < s.end; g += 15 * MIN) {
      for (const o of timeOff) {
        if (o.personId === s.personId && o.start <= g && g < o.end) conflictQuarters.set(`${o.personId} ${o.id}`, (conflictQuarters.get(`${o.personId} ${o.id}`) ?? 0) + 1);
      }
    }
  }
  const gotQuarters = new Map<string, number>();
  for (const c of got.conflicts) gotQuarters.set(`${c.person} ${c.timeOff}`, (gotQuarters.get(`${c.person} ${c.timeOff}`) ?? 0) + (c.end - c.start) / (15 * MIN));
  expect({ zone: sc.zone, conflicts: Object.fromEntries(gotQuarters) }).toEqual({ zone: sc.zone, conflicts: Object.fromEntries(conflictQuarters) });
  // Sorted by start then person; pieces of one entry neither overlap nor touch (they merge).
  got.conflicts.forEach((c, i) => {
    const prev = got.conflicts[i - 1];
    if (prev) expect(prev.start < c.start || (prev.start === c.start && prev.person <= c.person)).toBe(true);
    for (const q of got.conflicts.slice(0, i)) if (q.person === c.person && q.timeOff === c.timeOff) expect(q.end).toBeLessThan(c.start);
  });
  const want = new Map<string, { hours: number; night: number; weekend: number; shifts: number; days: Set<string> }>();
  let gapQuarters = 0;
  for (const s of shifts) {
    if (s.personId === null) {
      gapQuarters += (s.end - s.start) / (15 * MIN);
      continue;
    }
    const w = want.get(s.personId) ?? { hours: 0, night: 0, weekend: 0, shifts: 0, days: new Set<string>() };
    want.set(s.personId, w);
    w.shifts++;
    for (let g = s.start; g < s.end; g += 15 * MIN) {
      const local = new Date(g + oracleOffset(sc.zone, g));
      const hour = local.getUTCHours();
      const weekday = local.getUTCDay();
      w.hours += 0.25;
      if (hour >= 22 || hour < 6) w.night += 0.25;
      if (weekday === 0 || weekday === 6) w.weekend += 0.25;
      const date = local.toISOString().slice(0, 10);
      if (holidayDates.has(date)) w.days.add(date);
    }
  }
  const zone = sc.zone;
  expect({ zone, load: got.load.map((l) => [l.person, l.hours, l.nightHours, l.weekendHours, l.shifts, l.holidays]) }).toEqual({
    zone,
    load: [...want.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, w]) => [p, w.hours, w.night, w.weekend, w.shifts, w.days.size]),
  });
  expect(got.coveredFraction).toBeCloseTo(1 - (gapQuarters * 15 * MIN) / (to - from), 12);
}

describe('coverage = naive quarter-hour count', () => {
  it('hours, night hours, weekend hours, shifts, holiday dates and conflicts per person', LONG, () => {
    fc.assert(fc.property(scenario, checkCoverage), { numRuns: Math.ceil(RUNS / 2), seed: SEED + 2 });
  });
});

describe('oracle self-checks (the reference must itself be right)', () => {
  it('resolves gaps forward and overlaps to the earlier instant, like the hand-derived cases', () => {
    // NY 2027-03-14 02:30 does not exist → 03:30 EDT = 07:30Z; 2027-11-07 01:30 twice → EDT 05:30Z.
    expect(new Date(resolve('America/New_York', naiveOf('2027-03-14T02:30'))).toISOString()).toBe('2027-03-14T07:30:00.000Z');
    expect(new Date(resolve('America/New_York', naiveOf('2027-11-07T01:30'))).toISOString()).toBe('2027-11-07T05:30:00.000Z');
    // São Paulo 2018-11-04 00:00 did not exist (00:00 −03 → 01:00 −02) → 01:00 −02 = 03:00Z.
    expect(new Date(resolve('America/Sao_Paulo', naiveOf('2018-11-04T00:00'))).toISOString()).toBe('2018-11-04T03:00:00.000Z');
    // Lord Howe 2028-04-02 01:45 twice (+11 then +10:30) → the +11 one = 2028-04-01T14:45Z.
    expect(new Date(resolve('Australia/Lord_Howe', naiveOf('2028-04-02T01:45'))).toISOString()).toBe('2028-04-01T14:45:00.000Z');
  });

  it('finds each zone’s transitions (Berlin 2027: 03-28 01:00Z and 10-31 01:00Z; Kolkata none)', () => {
    const y = [at('2027-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z')] as const;
    expect(transitions('Europe/Berlin', ...y).map((t) => new Date(t).toISOString())).toEqual([
      '2027-03-28T01:00:00.000Z',
      '2027-10-31T01:00:00.000Z',
    ]);
    expect(transitions('Asia/Kolkata', ...y)).toEqual([]);
  });

  it('steps P1M from Jan 31 as Feb 28, Mar 31 and numbers windows from the start', () => {
    const doc: ScheduleDoc = {
      name: 'o',
      timeZone: 'UTC',
      layers: [{ id: 'm', participants: ['a', 'b', 'c'], rotation: { every: 'P1M', start: '2027-01-31T00:00' } }],
    };
    const o = new Oracle([{ effectiveFrom: 0, doc }], [], HOLIDAYS);
    expect(o.at(at('2027-02-27T23:59:59.999Z')).personId).toBe('a');
    expect(o.at(at('2027-02-28T00:00:00Z')).personId).toBe('b');
    expect(o.at(at('2027-03-31T00:00:00Z')).personId).toBe('c');
    const win: ScheduleDoc = {
      name: 'w',
      timeZone: 'UTC',
      layers: [
        {
          id: 'w',
          participants: ['a', 'b'],
          rotation: { per: 'window', start: '2027-01-06T12:00' },
          activeWhen: { weekly: [{ days: ['WE'], from: '00:00', to: '24:00' }] },
        },
      ],
    };
    const w = new Oracle([{ effectiveFrom: 0, doc: win }], [], HOLIDAYS);
    // Wed Jan 6 12:00–24:00 is window 0 (clipped by the start), Wed Jan 13 is window 1.
    expect(w.at(at('2027-01-06T11:59:00Z')).source).toBe('gap');
    expect(w.at(at('2027-01-06T12:00:00Z')).personId).toBe('a');
    expect(w.at(at('2027-01-13T05:00:00Z')).personId).toBe('b');
    expect(w.at(at('2027-01-20T05:00:00Z')).personId).toBe('a');
  });
});
