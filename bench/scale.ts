/**
 * Scale benchmark, in-process on loopback with a temp database: many 3-layer Berlin schedules,
 * seeded by one `POST /api/v1/import` document (seeding time printed).
 *
 * - `GET /api/v1/oncall` at 1,000 and 10,000 schedules: warm (median), the first request after
 *   a calendar edit (a real `PUT /api/v1/holiday-calendars/de-by`, a calendar only five
 *   schedules use) and the first after a restart (the app closed and built again on the same
 *   file). Target: warm < 100 ms at 10,000.
 * - A person feed at 1,001 schedules (the person is in one of them): the first 200, a 304 on
 *   If-None-Match, and the same conditional request after an unrelated write (an override on a
 *   schedule the person is not in), which should cost no more than a 304.
 *
 * Requests are timed to their last byte; answers are parsed outside the timing.
 * Run alone with `npx tsx bench/scale.ts`.
 */
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { berlinSchedule, DAY, HOUR, median, PEOPLE, scaled, startBenchApp, type BenchApp, type Cast, type Figure } from './fixtures.js';

const SIZES = scaled([1_000, 10_000], [100, 500]);
const WARM_SAMPLES = scaled(20, 5);
/** Schedules following the calendar the bench edits: a calendar edit should cost them, not everyone. */
const BAVARIAN_SCHEDULES = 5;
const FEED_PERSON = 'alice';

/** The cast of every schedule but `comms`: nobody of the Berlin team, so the feed person is in one schedule only. */
function otherCast(calendar: string): Cast {
  return { weekly: ['p-a', 'p-b', 'p-c'], weekend: ['p-d', 'p-e'], holidays: ['p-f', 'p-g'], fallback: 'p-director', calendar };
}
const OTHER_PEOPLE = ['p-a', 'p-b', 'p-c', 'p-d', 'p-e', 'p-f', 'p-g', 'p-director'];

interface ExportDocument {
  people: { id: string }[];
  holidayCalendars: { id: string }[];
  schedules: { id: string }[];
  [field: string]: unknown;
}

/** Replaces the configuration with `comms` plus `count - 1` other schedules, by one import; returns ms. */
export async function seed({ call }: BenchApp, count: number, now: number): Promise<number> {
  const current = (await call('GET', '/api/v1/export')) as ExportDocument;
  const startDate = new Date(now - 3 * 365 * DAY).toISOString().slice(0, 10);
  const at = new Date(now - DAY).toISOString();
  const version = (document: object) => ({ version: 1, effectiveFrom: at, savedAt: at, savedBy: 'bench', document });
  const others = Array.from({ length: count - 1 }, (_, i) => ({
    id: `s-${i + 1}`,
    versions: [version(berlinSchedule(`Schedule ${i + 1}`, startDate, otherCast(i < BAVARIAN_SCHEDULES ? 'de-by' : 'de-be')))],
  }));
  const person = (id: string) => ({ id, name: `Person ${id}`, email: `${id}@example.com`, phone: null, timeZone: null });
  const calendar = { id: 'de-by', name: 'Bavarian public holidays', region: 'DE-BY', types: ['public'], include: [], exclude: [] };
  const doc = {
    ...current,
    people: [...current.people.filter((p) => PEOPLE.includes(p.id)), ...OTHER_PEOPLE.map(person)],
    holidayCalendars: [...current.holidayCalendars.filter((c) => c.id === 'de-be'), calendar],
    schedules: [...current.schedules.filter((s) => s.id === 'comms'), ...others],
  };
  const t0 = performance.now();
  await call('POST', '/api/v1/import', doc);
  return performance.now() - t0;
}

/** GET `path` timed to its last byte. */
async function timedGet(url: string, headers: Record<string, string>): Promise<{ ms: number; status: number; body: string; etag: string | null }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.text();
  return { ms: performance.now() - t0, status: res.status, body, etag: res.headers.get('etag') };
}

/** The app's loopback origin, listening first if it is not yet. */
async function originOf(app: FastifyInstance): Promise<string> {
  if (!app.server.listening) return app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

let calendarEdits = 0;

/** `GET /api/v1/oncall` warm, after a calendar edit and after a restart, at `count` schedules. */
async function everyoneOnCall(bench: BenchApp, count: number, reader: string, now: number): Promise<Figure> {
  const seedMs = await seed(bench, count, now);
  let base = await originOf(bench.app);
  const everyone = async (check = false) => {
    const answer = await timedGet(`${base}/api/v1/oncall`, { authorization: `Bearer ${reader}` });
    if (answer.status !== 200) throw new Error(`GET /api/v1/oncall → ${answer.status}: ${answer.body.slice(0, 300)}`);
    if (check) {
      const n = (JSON.parse(answer.body) as { oncall: unknown[] }).oncall.length;
      if (n !== count) throw new Error(`expected ${count} answers, got ${n}`);
    }
    return answer.ms;
  };
  const first = await everyone(true);
  // Up to WARM_SAMPLES, but no more than ~10 s of them (a slow server would eat the bench's budget).
  const samples: number[] = [];
  const until = performance.now() + 10_000;
  while (samples.length < WARM_SAMPLES && (samples.length < 3 || performance.now() < until)) samples.push(await everyone());

  calendarEdits++;
  const t0 = performance.now();
  await bench.call('PUT', '/api/v1/holiday-calendars/de-by', {
    name: 'Bavarian public holidays',
    region: 'DE-BY',
    include: [{ date: new Date(now + calendarEdits * 7 * DAY).toISOString().slice(0, 10), name: `Bench day ${calendarEdits}` }],
  });
  const calendarPutMs = performance.now() - t0;
  const afterCalendarEdit = await everyone(true);

  const restartMs = await bench.restart();
  base = await originOf(bench.app);
  const afterRestart = await everyone(true);
  const secondAfterRestart = await everyone();

  console.log(`scale: GET /api/v1/oncall, ${count} schedules (target: warm < 100 ms at 10,000)`);
  console.table([
    { case: `seed ${count} schedules by one import`, ms: seedMs },
    { case: 'first request after seeding', ms: first },
    { case: `median of ${samples.length} (warm)`, ms: median(samples) },
    { case: `PUT calendar used by ${BAVARIAN_SCHEDULES} schedules`, ms: calendarPutMs },
    { case: 'first request after that calendar edit', ms: afterCalendarEdit },
    { case: 'restart (close, build on the same file)', ms: restartMs },
    { case: 'first request after restart', ms: afterRestart },
    { case: 'second request after restart', ms: secondAfterRestart },
  ].map((r) => ({ ...r, ms: Number(r.ms.toFixed(1)) })));
  return {
    what: `GET /api/v1/oncall, ${count} schedules: warm / after calendar edit / after restart`,
    figure: `${median(samples).toFixed(1)} / ${afterCalendarEdit.toFixed(1)} / ${afterRestart.toFixed(1)} ms (seeded in ${(seedMs / 1000).toFixed(1)} s)`,
    target: count >= 10_000 ? 'warm < 100 ms' : undefined,
  };
}

/** A person feed with `schedules` schedules in the system, the person in one of them. */
async function personFeed(bench: BenchApp, schedules: number, now: number): Promise<Figure> {
  const startDate = new Date(now - 3 * 365 * DAY).toISOString().slice(0, 10);
  const existing = ((await bench.call('GET', '/api/v1/schedules')) as { items: unknown[] }).items.length;
  for (let i = existing; i < schedules; i++) await bench.call('PUT', `/api/v1/schedules/extra-${i}`, berlinSchedule(`Extra ${i}`, startDate, otherCast('de-be')));
  const base = await originOf(bench.app);
  const url = `${base}${new URL((await bench.call('POST', '/api/v1/feeds', { person: FEED_PERSON })).url as string).pathname}`;

  const fresh = await timedGet(url, {});
  const again = await timedGet(url, {});
  const conditional: { ms: number; status: number }[] = [];
  for (let i = 0; i < 5; i++) conditional.push(await timedGet(url, { 'if-none-match': fresh.etag ?? '' }));
  const at = Math.ceil(now / HOUR) * HOUR + 30 * DAY;
  await bench.call('POST', '/api/v1/schedules/s-1/overrides', {
    person: 'p-b',
    start: new Date(at).toISOString(),
    end: new Date(at + HOUR).toISOString(),
    note: 'unrelated to the feed',
  });
  const afterUnrelatedWrite = await timedGet(url, { 'if-none-match': fresh.etag ?? '' });
  const rows = [
    { case: 'first GET (nothing cached)', status: fresh.status, ms: fresh.ms },
    { case: 'GET again', status: again.status, ms: again.ms },
    { case: 'If-None-Match (median of 5)', status: conditional[0]!.status, ms: median(conditional.map((c) => c.ms)) },
    { case: 'If-None-Match after a write to a schedule the person is not in', status: afterUnrelatedWrite.status, ms: afterUnrelatedWrite.ms },
  ];
  console.log(`scale: person feed of ${FEED_PERSON}, ${schedules} schedules in the system, the person in one`);
  console.table(rows.map((r) => ({ ...r, ms: Number(r.ms.toFixed(1)) })));
  return {
    what: `person feed, ${schedules} schedules: 200 / 304 / after an unrelated write`,
    figure: rows
      .filter((_, i) => i !== 1)
      .map((r) => `${r.ms.toFixed(1)} ms (${r.status})`)
      .join(' / '),
  };
}

export async function runScaleBench(): Promise<Figure[]> {
  const now = Date.now();
  const bench = await startBenchApp(now);
  try {
    const reader = (await bench.call('POST', '/api/v1/api-tokens', { name: 'alerting', scope: 'read' })).token as string;
    const [small, large] = SIZES as [number, number];
    const figures: Figure[] = [await everyoneOnCall(bench, small, reader, now)];
    figures.push(await personFeed(bench, small + 1, now));
    figures.push(await everyoneOnCall(bench, large, reader, now));
    return figures;
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runScaleBench();
