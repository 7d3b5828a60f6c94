/**
 * RRULE rotations far from their start, and the rules that hung or stalled rrule.js (issue 11).
 * Each figure is one cold computation — a freshly compiled schedule, so no year counts are
 * memoized yet — after the JIT was warmed on other rules; CPU time of this process, so other
 * work on the machine does not inflate it. Targets: an hourly rule from 2026 asked about
 * 2199-06-01 < 50 ms; a 1-day window in 2100 < 20 ms; each pathological rule refused or
 * answered < 50 ms. Run with `npx tsx bench/recurrence.ts`.
 */
import { pathToFileURL } from 'node:url';
import { type ScheduleDoc, type TimelineInput, compileSchedule, computeTimeline, shiftAt, validateSchedule } from '../src/engine/index.js';

const at = (s: string) => Date.parse(s);

const docOf = (rrule: string, start: string): ScheduleDoc => ({
  name: 'bench',
  timeZone: 'Europe/Berlin',
  layers: [{ id: 'l', participants: ['a', 'b', 'c'], rotation: { rrule, start } }],
});

function input(rrule: string, start: string): TimelineInput {
  return { versions: [{ effectiveFrom: at('2026-01-01T00:00:00Z'), schedule: compileSchedule(docOf(rrule, start)) }], overrides: [], holidays: () => [] };
}

/** CPU milliseconds of one call. */
function cpu(fn: () => unknown): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

const PATHOLOGICAL = [
  'FREQ=HOURLY;INTERVAL=-1',
  'FREQ=DAILY;INTERVAL=-1;COUNT=3',
  'FREQ=DAILY;BYMONTHDAY=-40',
  'FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30',
  'FREQ=HOURLY;BYHOUR=25',
  `FREQ=DAILY;BYHOUR=${Array(20_000).fill(1).join(',')}`,
  'FREQ=HOURLY;INTERVAL=2;BYHOUR=3',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO',
];

export function runRecurrenceBench(): void {
  // Warm the JIT on other rules and dates than those measured.
  for (const rule of ['FREQ=HOURLY;BYDAY=MO', 'FREQ=WEEKLY;BYDAY=TU;BYSETPOS=1', 'FREQ=MONTHLY;BYDAY=-1FR']) {
    shiftAt(input(rule, '2030-03-03T03:00'), at('2150-01-01T00:00:00Z'));
    computeTimeline(input(rule, '2030-03-03T03:00'), at('2120-01-01T00:00:00Z'), at('2120-02-01T00:00:00Z'));
  }
  const rows: [string, number, number][] = [
    ['hourly from 2026, shiftAt(2199-06-01)', cpu(() => shiftAt(input('FREQ=HOURLY', '2026-01-01T00:00'), at('2199-06-01T00:00:00Z'))), 50],
    ['hourly from 2026, 1-day window in 2100', cpu(() => computeTimeline(input('FREQ=HOURLY', '2026-01-01T00:00'), at('2100-03-01T00:00:00Z'), at('2100-03-02T00:00:00Z'))), 20],
    [
      'last workday of the month from 1900, shiftAt(2199-12-31)',
      cpu(() => shiftAt(input('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=17', '1900-01-01T17:00'), at('2199-12-31T00:00:00Z'))),
      50,
    ],
    ...PATHOLOGICAL.map((rule): [string, number, number] => [`validate ${rule.slice(0, 45)}${rule.length > 45 ? '…' : ''}`, cpu(() => validateSchedule(docOf(rule, '2026-01-01T00:00'))), 50]),
  ];
  console.log('\nRRULE rotations (cold, CPU ms)');
  for (const [what, ms, target] of rows) console.log(`  ${what.padEnd(62)} ${ms.toFixed(1).padStart(7)} ms  (target < ${target} ms)${ms < target ? '' : '  OVER'}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) runRecurrenceBench();
