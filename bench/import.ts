/**
 * Moving-in benchmark (spec §16), in-process with a temp database: an import of 200 schedules
 * (a weekly layer and a weekend layer each, Europe/Berlin) naming 60 people, with 2,000
 * overrides and each schedule's final timeline over 90 days to verify against. A synthetic
 * source stands in for a tool's mapper (what is timed is the import itself: ids, checks, the
 * verification pass in the compute pool, the one-transaction write; a mapper's own reading is a
 * walk over the document). Times a dry run without and with verification, then the apply. Run
 * alone with `npx tsx bench/import.ts`.
 */
import { pathToFileURL } from 'node:url';
import { compileSchedule, computeTimeline, type ScheduleDoc } from '../src/engine/index.js';
import type { SourceImport } from '../src/importers/index.js';
import { DAY, HOUR, scaled, startBenchApp, type Figure } from './fixtures.js';

const SCHEDULES = scaled(200, 20);
const OVERRIDES = scaled(2_000, 200);
const PEOPLE = 60;
const WINDOW = 90 * DAY;

function sourceImport(now: number): SourceImport {
  const people = Array.from({ length: PEOPLE }, (_, k) => ({ id: `p${k}`, name: `Person ${k}`, email: `p${k}@import.example`, timeZone: null, sourceId: `P${k}` }));
  const start = new Date(now - 30 * DAY).toISOString().slice(0, 10);
  const schedules = Array.from({ length: SCHEDULES }, (_, s) => {
    const who = (k: number) => `p${(s * 5 + k) % PEOPLE}`;
    const document: ScheduleDoc = {
      name: `Imported ${s}`,
      timeZone: 'Europe/Berlin',
      requireCoverage: false,
      layers: [
        { id: 'weekly', participants: [who(0), who(1), who(2)], rotation: { every: 'P1W', start: `${start}T09:00` } },
        {
          id: 'weekend',
          participants: [who(3), who(4)],
          rotation: { every: 'P1W', start: `${start}T17:00` },
          activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] },
        },
      ],
    };
    return { id: `imported-${s}`, document, sourceId: `S${s}` };
  });
  const overrides = Array.from({ length: OVERRIDES }, (_, i) => {
    const begin = now + Math.floor((i * WINDOW) / OVERRIDES) + (i % 24) * HOUR;
    return { schedule: `imported-${i % SCHEDULES}`, person: `p${i % PEOPLE}`, start: begin, end: begin + 8 * HOUR, note: null };
  });
  // The source's own timeline: what Rota computes too (agreement 1), so the pass does all its work.
  const expected = schedules.map((s) => {
    const mine = overrides.flatMap((o, i) => (o.schedule === s.id ? [{ id: `o${i}`, personId: o.person, start: o.start, end: o.end, seq: i + 1 }] : []));
    const input = { versions: [{ effectiveFrom: now, schedule: compileSchedule(s.document) }], overrides: mine, holidays: () => [] };
    const entries = computeTimeline(input, now, now + WINDOW).map((shift) => ({ start: shift.start, end: shift.end, person: shift.personId }));
    return { schedule: s.id, from: now, to: now + WINDOW, entries };
  });
  return { people, schedules, overrides, warnings: [], expected };
}

export async function runImportBench(): Promise<Figure[]> {
  const now = Date.UTC(2027, 0, 4, 12);
  const source = sourceImport(now);
  const bench = await startBenchApp(now, {
    now: () => now,
    // The body says only whether to carry the source's timelines.
    importMappers: { pagerduty: (doc) => ((doc as { verify: boolean }).verify ? source : { ...source, expected: [] }) },
  });
  try {
    const timed = async (query: string, verify: boolean) => {
      const t0 = performance.now();
      const report = await bench.call('POST', `/api/v1/import/pagerduty?${query}`, { verify });
      return { ms: performance.now() - t0, report };
    };
    // Warm: the first run starts the workers' compiled code.
    await timed('dryRun=true', true);
    const bare = await timed('dryRun=true', false);
    const verified = await timed('dryRun=true', true);
    const agreements = (verified.report.verification as { agreement: number }[]).map((v) => v.agreement);
    if (agreements.length !== SCHEDULES || agreements.some((a) => a !== 1)) throw new Error(`verification disagreed: ${agreements.join(', ')}`);
    const applied = await timed('dryRun=false', true);
    const rows = [
      { what: `dry run, ${SCHEDULES} schedules, ${OVERRIDES} overrides, no verification`, ms: bare.ms },
      { what: `dry run with verification (${SCHEDULES} × 90 days, agreement 1.0)`, ms: verified.ms },
      { what: 'apply (verification, then one transaction)', ms: applied.ms },
    ];
    console.table(rows.map((r) => ({ what: r.what, ms: Math.round(r.ms) })));
    return rows.map((r) => ({ what: `import: ${r.what}`, figure: `${Math.round(r.ms)} ms` }));
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runImportBench();
