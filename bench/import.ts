/**
 * Moving-in benchmark (spec §16), in-process with a temp database: PagerDuty's API answers for 200
 * schedules (a weekly layer and a weekend layer with a weekly restriction each, Europe/Berlin)
 * naming 60 users, with 2,000 overrides, gathered as the README shows — and each schedule's
 * `final_schedule` over 90 days to verify against. Everything runs through the shipped route and
 * mapper: reading the document, ids, checks, the verification pass in the compute pool, the
 * one-transaction write. Times a dry run without the final schedules, one with them, then the
 * apply. Run alone with `npx tsx bench/import.ts`.
 *
 * The final schedules are Rota's own timeline of the mapped schedules (agreement 1.0), so the
 * verification pass does all its work; the fixtures in test/importers check the mapping itself.
 */
import { pathToFileURL } from 'node:url';
import { compileSchedule, computeTimeline } from '../src/engine/index.js';
import { MAPPERS } from '../src/importers/index.js';
import { DAY, HOUR, scaled, startBenchApp, type Figure } from './fixtures.js';

const SCHEDULES = scaled(200, 20);
const OVERRIDES = scaled(2_000, 200);
const USERS = 60;
const WINDOW = 90 * DAY;

const userRef = (k: number) => ({ id: `PU${k}`, type: 'user_reference', summary: `Person ${k}` });
const iso = (ms: number) => new Date(ms).toISOString();

/** The document without final schedules: users, schedules as GET /schedules/{id} answers, overrides. */
function pagerDutyDocument(now: number) {
  const users = Array.from({ length: USERS }, (_, k) => ({ ...userRef(k), type: 'user', name: `Person ${k}`, email: `p${k}@import.example`, time_zone: 'Europe/Berlin' }));
  const start = new Date(now - 30 * DAY).toISOString().slice(0, 10);
  const schedules = Array.from({ length: SCHEDULES }, (_, s) => {
    const who = (k: number) => ({ user: userRef((s * 5 + k) % USERS) });
    const layer = (id: string, name: string, clock: string, members: number[], restrictions: object[]) => ({
      id,
      name,
      start: `${start}T${clock}:00+01:00`,
      rotation_virtual_start: `${start}T${clock}:00+01:00`,
      rotation_turn_length_seconds: 7 * 86_400,
      users: members.map(who),
      restrictions,
      end: null,
    });
    return {
      schedule: {
        id: `PS${s}`,
        type: 'schedule',
        name: `Imported ${s}`,
        time_zone: 'Europe/Berlin',
        // GET answers the layers in reverse of creation: the weekend layer (created last) first.
        schedule_layers: [
          layer(`PW${s}`, 'Weekend', '17:00', [3, 4], [{ type: 'weekly_restriction', start_day_of_week: 5, start_time_of_day: '17:00:00', duration_seconds: 64 * 3600 }]),
          layer(`PL${s}`, 'Weekly', '09:00', [0, 1, 2], []),
        ],
      },
    };
  });
  const overrides: Record<string, { id: string; start: string; end: string; user: object }[]> = {};
  for (let i = 0; i < OVERRIDES; i++) {
    const begin = now + Math.floor((i * WINDOW) / OVERRIDES) + (i % 24) * HOUR;
    (overrides[`PS${i % SCHEDULES}`] ??= []).push({ id: `PO${i}`, start: iso(begin), end: iso(begin + 8 * HOUR), user: userRef(i % USERS) });
  }
  return { since: iso(now), until: iso(now + WINDOW), users, schedules, overrides };
}

/** Adds each schedule's `final_schedule` over [since, until): the mapped schedule's timeline. */
function withFinalSchedules(document: ReturnType<typeof pagerDutyDocument>, now: number) {
  const mapped = MAPPERS.pagerduty(document);
  const sourceIdOf = new Map(mapped.people.map((p) => [p.id, p.sourceId]));
  const schedules = mapped.schedules.map((s, i) => {
    const overrides = mapped.overrides.flatMap((o, k) => (o.schedule === s.id ? [{ id: `o${k}`, personId: o.person, start: o.start, end: o.end, seq: k + 1 }] : []));
    const input = { versions: [{ effectiveFrom: now, schedule: compileSchedule(s.document) }], overrides, holidays: () => [] };
    // PagerDuty lists who is on call; a gap is where no entry is.
    const entries = computeTimeline(input, now, now + WINDOW).flatMap((shift) =>
      shift.personId === null ? [] : [{ start: iso(shift.start), end: iso(shift.end), user: userRef(Number(sourceIdOf.get(shift.personId)!.slice(2))) }],
    );
    return { schedule: { ...document.schedules[i]!.schedule, final_schedule: { name: 'Final Schedule', rendered_schedule_entries: entries } } };
  });
  return { ...document, schedules };
}

export async function runImportBench(): Promise<Figure[]> {
  const now = Date.UTC(2027, 0, 4, 12);
  const plain = pagerDutyDocument(now);
  const verifiable = withFinalSchedules(plain, now);
  const bench = await startBenchApp(now, { now: () => now });
  try {
    const timed = async (query: string, document: object) => {
      const t0 = performance.now();
      const report = await bench.call('POST', `/api/v1/import/pagerduty?${query}`, document);
      return { ms: performance.now() - t0, report };
    };
    // Warm: the first run starts the workers' compiled code.
    await timed('dryRun=true', verifiable);
    const bare = await timed('dryRun=true', plain);
    const verified = await timed('dryRun=true', verifiable);
    const agreements = (verified.report.verification as { agreement: number }[]).map((v) => v.agreement);
    if (agreements.length !== SCHEDULES || agreements.some((a) => a !== 1)) throw new Error(`verification disagreed: ${agreements.join(', ')}`);
    if ((verified.report.overrides as unknown[]).length !== OVERRIDES) throw new Error('overrides lost');
    const applied = await timed('dryRun=false', verifiable);
    const megabytes = (JSON.stringify(verifiable).length / 1e6).toFixed(1);
    const rows = [
      { what: `dry run, ${SCHEDULES} PagerDuty schedules, ${OVERRIDES} overrides, no final schedules`, ms: bare.ms },
      { what: `dry run with verification (${SCHEDULES} × 90 days, ${megabytes} MB document, agreement 1.0)`, ms: verified.ms },
      { what: 'apply (verification, then one transaction)', ms: applied.ms },
    ];
    console.table(rows.map((r) => ({ what: r.what, ms: Math.round(r.ms) })));
    return rows.map((r) => ({ what: `import: ${r.what}`, figure: `${Math.round(r.ms)} ms` }));
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runImportBench();
