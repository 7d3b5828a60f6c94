/**
 * Verification for mapper tests, with the engine directly (the service's production version runs
 * in the compute pool): Rota's final timeline of an imported schedule, with its imported
 * overrides, compared by time with the source's own timeline over its window.
 */
import { compileSchedule, computeTimeline, validateSchedule } from '../../src/engine/index.js';
import type { ExpectedTimeline, SourceImport } from '../../src/importers/types.js';

export interface Difference {
  start: string;
  end: string;
  expected: string | null;
  got: string | null;
}

/** Who `list` (sorted, disjoint) puts on call at `t`; null for nobody. */
function holderAt(list: readonly { start: number; end: number; person: string | null }[], t: number): string | null {
  return list.find((e) => e.start <= t && t < e.end)?.person ?? null;
}

/**
 * Agreement (time where the same person is on call / window length) and the maximal intervals
 * where they differ (`which`: the expected timeline, or the id of the schedule it belongs to). Throws when the imported schedule is not a valid Rota document: a mapper
 * must never produce one the service would refuse.
 */
export function agreementOf(result: SourceImport, which: ExpectedTimeline | string): { agreement: number; differences: Difference[] } {
  // A schedule id names the source timeline the mapper found for that schedule.
  const expected = typeof which === 'string' ? result.expected.find((e) => e.schedule === which) : which;
  if (!expected) throw new Error(`no expected timeline for "${String(which)}"`);
  const imported = result.schedules.find((s) => s.id === expected.schedule);
  if (!imported) throw new Error(`no imported schedule "${expected.schedule}"`);
  const problems = validateSchedule(imported.document, { people: new Set(result.people.map((p) => p.id)) });
  if (problems.length > 0) throw new Error(`invalid schedule "${imported.id}": ${JSON.stringify(problems)}`);
  const overrides = result.overrides
    .filter((o) => o.schedule === expected.schedule)
    .map((o, i) => ({ id: `o${i}`, personId: o.person, start: o.start, end: o.end, seq: i }));
  const shifts = computeTimeline(
    { versions: [{ effectiveFrom: expected.from, schedule: compileSchedule(imported.document) }], overrides, holidays: () => [] },
    expected.from,
    expected.to,
  ).map((s) => ({ start: s.start, end: s.end, person: s.personId }));
  const points = new Set([expected.from, expected.to]);
  for (const e of [...expected.entries, ...shifts]) {
    if (e.start > expected.from && e.start < expected.to) points.add(e.start);
    if (e.end > expected.from && e.end < expected.to) points.add(e.end);
  }
  const sorted = [...points].sort((a, b) => a - b);
  let agree = 0;
  const differences: { start: number; end: number; expected: string | null; got: string | null }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [start, end] = [sorted[i]!, sorted[i + 1]!];
    const want = holderAt(expected.entries, start);
    const got = holderAt(shifts, start);
    if (want === got) {
      agree += end - start;
      continue;
    }
    const last = differences[differences.length - 1];
    if (last && last.end === start && last.expected === want && last.got === got) last.end = end;
    else differences.push({ start, end, expected: want, got });
  }
  return {
    agreement: agree / (expected.to - expected.from),
    differences: differences.map((d) => ({ ...d, start: new Date(d.start).toISOString(), end: new Date(d.end).toISOString() })),
  };
}
