/**
 * Verification for mapper tests, straight on the engine (the service runs the production one in
 * the compute pool): Rota's final timeline of an imported schedule, with its imported overrides,
 * compared by time with the source's own rendered timeline over the same window.
 */
import { compileSchedule, computeTimeline, validateSchedule } from '../../src/engine/index.js';
import type { OverrideInput } from '../../src/engine/index.js';
import type { ExpectedTimeline, SourceImport } from '../../src/importers/types.js';

export interface Difference {
  start: string;
  end: string;
  expected: string | null;
  got: string | null;
}

export interface Agreement {
  /** Time where both name the same person (or both nobody) / the window's length. */
  agreement: number;
  /** Maximal intervals where they differ, ISO instants. */
  differences: Difference[];
}

/** Rota's timeline of `expected.schedule` as [start, end, person] over the expected window. */
function rotaTimeline(result: SourceImport, expected: ExpectedTimeline) {
  const schedule = result.schedules.find((s) => s.id === expected.schedule);
  if (!schedule) throw new Error(`no imported schedule "${expected.schedule}"`);
  const people = new Set(result.people.map((p) => p.id));
  const problems = validateSchedule(schedule.document, { people });
  if (problems.length > 0) throw new Error(`invalid schedule "${schedule.id}": ${JSON.stringify(problems)}`);
  const overrides: OverrideInput[] = result.overrides
    .filter((o) => o.schedule === schedule.id)
    .map((o, i) => ({ id: `o${i}`, personId: o.person, start: o.start, end: o.end, seq: i }));
  const versions = [{ effectiveFrom: expected.from, schedule: compileSchedule(schedule.document) }];
  return computeTimeline({ versions, overrides, holidays: () => [] }, expected.from, expected.to);
}

/** How far Rota's timeline of each imported schedule agrees with the source's, by schedule id. */
export function agreementOf(result: SourceImport, scheduleId: string): Agreement {
  const expected = result.expected.find((e) => e.schedule === scheduleId);
  if (!expected) throw new Error(`no expected timeline for "${scheduleId}"`);
  const got = rotaTimeline(result, expected);
  const points = [...new Set([...expected.entries.flatMap((e) => [e.start, e.end]), ...got.flatMap((s) => [s.start, s.end])])]
    .filter((t) => t >= expected.from && t <= expected.to)
    .sort((a, b) => a - b);
  const at = <T extends { start: number; end: number }>(list: T[], t: number) => list.find((x) => x.start <= t && t < x.end);
  let same = 0;
  const differences: Difference[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i]!, points[i + 1]!];
    const want = at(expected.entries, start)?.person ?? null;
    const have = at(got, start)?.personId ?? null;
    if (want === have) {
      same += end - start;
      continue;
    }
    const last = differences[differences.length - 1];
    if (last && Date.parse(last.end) === start && last.expected === want && last.got === have) last.end = new Date(end).toISOString();
    else differences.push({ start: new Date(start).toISOString(), end: new Date(end).toISOString(), expected: want, got: have });
  }
  return { agreement: same / (expected.to - expected.from), differences };
}
