/**
 * Engine benchmark: the 3-layer Berlin schedule (weekly handoff, FR 17:00→MO 09:00 weekend
 * layer, DE-BE holiday layer) started 3 years before `now`. Prints median milliseconds of
 * computeTimeline over 1 day … 3 years and of shiftAt(now). Targets: 3 years < 20 ms,
 * shiftAt < 0.2 ms. Run alone with `npx tsx bench/engine.ts`.
 */
import { pathToFileURL } from 'node:url';
import { type ScheduleDoc, type TimelineInput, compileSchedule, computeTimeline, shiftAt } from '../src/engine/index.js';
import { holidayLookup } from '../src/holidays/index.js';

const DAY = 86_400_000;

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

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

export async function runEngineBench(): Promise<void> {
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
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runEngineBench();
