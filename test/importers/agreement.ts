/**
 * Test helper: how much of an expected timeline (the source's own rendering) Rota's final
 * timeline of the imported schedule agrees with, by time — what the moving-in service reports as
 * verification, computed here with the engine directly so mapper tests stay pure.
 */
import { compileSchedule, computeTimeline, validateSchedule } from '../../src/engine/index.js';
import type { ExpectedTimeline, SourceImport } from '../../src/importers/types.js';

export interface Agreement {
  agreement: number;
  differences: { start: string; end: string; expected: string | null; got: string | null }[];
}

/** Rota's timeline of `expected.schedule` (with the import's overrides) against `expected`. */
export function agreementOf(imported: SourceImport, expected: ExpectedTimeline): Agreement {
  const schedule = imported.schedules.find((s) => s.id === expected.schedule);
  if (!schedule) throw new Error(`no imported schedule "${expected.schedule}"`);
  const problems = validateSchedule(schedule.document, { people: new Set(imported.people.map((p) => p.id)) });
  if (problems.length > 0) throw new Error(`invalid schedule: ${JSON.stringify(problems)}`);
  const overrides = imported.overrides
    .filter((o) => o.schedule === expected.schedule)
    .map((o, seq) => ({ id: `o${seq}`, personId: o.person, start: o.start, end: o.end, seq }));
  const got = computeTimeline(
    { versions: [{ effectiveFrom: expected.from, schedule: compileSchedule(schedule.document) }], overrides, holidays: () => [] },
    expected.from,
    expected.to,
  );
  const who = (list: { start: number; end: number; person: string | null }[], t: number) =>
    list.find((e) => e.start <= t && t < e.end)?.person ?? null;
  const gotList = got.map((s) => ({ start: s.start, end: s.end, person: s.personId }));
  const points = [...new Set([expected.from, expected.to, ...expected.entries.flatMap((e) => [e.start, e.end]), ...gotList.flatMap((s) => [s.start, s.end])])]
    .filter((t) => t >= expected.from && t <= expected.to)
    .sort((a, b) => a - b);
  let same = 0;
  const differences: Agreement['differences'] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i]!, points[i + 1]!];
    const want = who(expected.entries, start);
    const have = who(gotList, start);
    if (want === have) {
      same += end - start;
      continue;
    }
    const last = differences[differences.length - 1];
    if (last && last.end === new Date(start).toISOString() && last.expected === want && last.got === have) last.end = new Date(end).toISOString();
    else differences.push({ start: new Date(start).toISOString(), end: new Date(end).toISOString(), expected: want, got: have });
  }
  return { agreement: same / (expected.to - expected.from), differences: differences.slice(0, 20) };
}
