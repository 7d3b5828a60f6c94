/**
 * Engine benchmark: the 3-layer Berlin schedule (weekly handoff, FR 17:00→MO 09:00 weekend
 * layer, DE-BE holiday layer) started 3 years before `now`. Prints median milliseconds of
 * computeTimeline over 1 day … 3 years and of shiftAt(now) (targets: 3 years < 20 ms, shiftAt
 * < 0.2 ms), then the final timeline over 365 days with 0 and with 5,000 overrides (their cost
 * must follow the window, not the number of overrides). Run alone with `npx tsx bench/engine.ts`.
 */
import { pathToFileURL } from 'node:url';
import { type OverrideInput, type ScheduleDoc, type TimelineInput, compileSchedule, computeTimeline, shiftAt } from '../src/engine/index.js';
import { holidayLookup } from '../src/holidays/index.js';
import { DAY, HOUR, median, scaled, type Figure } from './fixtures.js';

const OVERRIDES = scaled(5_000, 500);

/** Median ms of `fn` over `runs` runs (callers warm the JIT up first). */
function time(fn: () => unknown, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function berlinInput(now: number): TimelineInput {
  const start = new Date(now - 3 * 365 * DAY).toISOString().slice(0, 10);
  const doc: ScheduleDoc = {
    id: 'comms',
    name: 'Communications coordinator',
    timeZone: 'Europe/Berlin',
    fallback: 'director',
    layers: [
      { id: 'weekly', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: `${start}T09:00` } },
      {
        id: 'weekend',
        participants: ['dave', 'erin'],
        rotation: { every: 'P1W', start: `${start}T17:00` },
        activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] },
      },
      {
        id: 'holidays',
        participants: ['frank', 'grace'],
        rotation: { per: 'window', start: `${start}T00:00` },
        activeWhen: { holidays: [{ calendar: 'de-be' }] },
      },
    ],
  };
  return {
    versions: [{ effectiveFrom: now - 3 * 365 * DAY, schedule: compileSchedule(doc) }],
    overrides: [],
    holidays: holidayLookup(new Map([['de-be', { region: 'DE-BE' }]])),
  };
}

/** `count` one-hour overrides spread evenly over the 365 days from `now`, alternating two people. */
function overridesOverYear(now: number, count: number): OverrideInput[] {
  const step = Math.floor((365 * DAY) / count);
  return Array.from({ length: count }, (_, i) => ({
    id: `o${i}`,
    personId: i % 2 ? 'erin' : 'frank',
    start: now + i * step,
    end: now + i * step + HOUR,
    seq: i + 1,
  }));
}

function overridesBench(input: TimelineInput, now: number): Figure {
  const plain = input;
  const crowded = { ...input, overrides: overridesOverYear(now, OVERRIDES) };
  const year = (i: TimelineInput) => computeTimeline(i, now, now + 365 * DAY);
  for (let i = 0; i < 5; i++) {
    year(plain);
    year(crowded);
  }
  const rows = [
    { case: 'computeTimeline 365 days, 0 overrides', medianMs: time(() => year(plain), 30), shifts: year(plain).length },
    { case: `computeTimeline 365 days, ${OVERRIDES} overrides`, medianMs: time(() => year(crowded), 30), shifts: year(crowded).length },
  ];
  console.log(`engine: 0 vs ${OVERRIDES} one-hour overrides over 365 days`);
  console.table(rows.map((r) => ({ ...r, medianMs: Number(r.medianMs.toFixed(3)) })));
  const ratio = rows[1]!.medianMs / rows[0]!.medianMs;
  console.log(`${OVERRIDES} overrides / 0 overrides: ${ratio.toFixed(1)}`);
  return {
    what: `engine 365 days, 0 vs ${OVERRIDES} overrides`,
    figure: `${rows[0]!.medianMs.toFixed(2)} vs ${rows[1]!.medianMs.toFixed(2)} ms (×${ratio.toFixed(1)})`,
  };
}

export async function runEngineBench(): Promise<Figure[]> {
  const now = Date.now();
  const input = berlinInput(now);
  const windows = [
    ['1 day', 1],
    ['30 days', 30],
    ['1 year', 365],
    ['3 years', 3 * 365],
  ] as const;
  // Warm-up over every case, so the first measured case is not paying for the JIT.
  for (let i = 0; i < 30; i++) {
    for (const [, days] of windows) computeTimeline(input, now, now + days * DAY);
    shiftAt(input, now);
  }
  const rows: { case: string; medianMs: number; shifts: number }[] = [];
  for (const [label, days] of windows) {
    const shifts = computeTimeline(input, now, now + days * DAY).length;
    rows.push({ case: `computeTimeline ${label}`, medianMs: time(() => computeTimeline(input, now, now + days * DAY), 100), shifts });
  }
  rows.push({ case: 'shiftAt(now)', medianMs: time(() => shiftAt(input, now), 2000), shifts: 1 });
  console.log('engine: 3-layer Berlin schedule, start 3 years before now (targets: 3 years < 20 ms, shiftAt < 0.2 ms)');
  console.table(rows.map((r) => ({ ...r, medianMs: Number(r.medianMs.toFixed(4)) })));
  const perDay = rows[0]!.medianMs;
  const perYear = rows[2]!.medianMs;
  console.log(`year/day ratio: ${(perYear / perDay).toFixed(1)}`);
  const ms = (i: number) => rows[i]!.medianMs.toFixed(3);
  return [
    { what: 'engine 3 years / 1 day / shiftAt(now)', figure: `${ms(3)} / ${ms(0)} / ${ms(4)} ms`, target: '< 20 ms, < 0.2 ms' },
    overridesBench(input, now),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runEngineBench();
