/**
 * `npm run bench`: every part in one run, each printing its own table, then a summary of the
 * figures against their targets. A part that fails prints its error and the run goes on, so one
 * broken measurement does not hide the others. `BENCH_SCALE=small` shrinks sizes and durations.
 */
import { runEngineBench } from './engine.js';
import { runFeedBench } from './feeds.js';
import { SMALL, type Figure } from './fixtures.js';
import { runHttpBench } from './http.js';
import { runImportBench } from './import.js';
import { runLoadBench } from './load.js';
import { runMetricsBench } from './metrics.js';
import { runNotifyBench } from './notify.js';
import { runPostgresBench } from './postgres.js';
import { runScaleBench } from './scale.js';
import { runStallBench } from './stall.js';
import { runStatusBench } from './status.js';
import { runTimeOffBench } from './time-off.js';

const parts: [string, () => Promise<Figure[]>][] = [
  ['engine', runEngineBench],
  ['http', runHttpBench],
  ['scale', runScaleBench],
  ['metrics', runMetricsBench],
  ['notify', runNotifyBench],
  ['feeds', runFeedBench],
  ['status', runStatusBench],
  ['time off', runTimeOffBench],
  ['import', runImportBench],
  ['load', runLoadBench],
  ['stall', runStallBench],
  ['postgres', runPostgresBench],
];

const summary: (Figure & { part: string; seconds: number })[] = [];
let failed = 0;
for (const [part, run] of parts) {
  console.log(`\n── ${part} ──`);
  const t0 = performance.now();
  try {
    const figures = await run();
    const seconds = Math.round((performance.now() - t0) / 1000);
    summary.push(...figures.map((f) => ({ part, ...f, seconds })));
  } catch (error) {
    failed++;
    console.error(`${part} failed:`, error);
    summary.push({ part, what: 'FAILED', figure: error instanceof Error ? error.message.slice(0, 200) : String(error), seconds: Math.round((performance.now() - t0) / 1000) });
  }
}

console.log(`\n── summary${SMALL ? ' (BENCH_SCALE=small: not the real sizes)' : ''} ──`);
console.table(summary.map(({ part, what, figure, target, seconds }) => ({ part, what, figure, target: target ?? '', seconds })));
if (failed > 0) process.exitCode = 1;
