/**
 * Time off benchmark (spec §13), in-process on loopback with a temp database: two copies of the
 * Berlin schedule whose layers all say `whenAway: "next"`, cast with two separate sets of people;
 * one set has 500 time-off entries spread over the year, the other none. In the same run, each is
 * asked `oncall` at instants away from the present (computed every time, not cached), and its
 * 1-year `shifts` — the ratio of req/s says what time off costs. Run alone with
 * `npx tsx bench/time-off.ts`.
 */
import { pathToFileURL } from 'node:url';
import autocannon, { type Request } from 'autocannon';
import { BERLIN_CAST, berlinSchedule, DAY, HOUR, scaled, startBenchApp, type Cast, type Figure } from './fixtures.js';

const DURATION_S = scaled(5, 1);
const TIME_OFF_ENTRIES = scaled(500, 50);

/** The Berlin cast again under other ids, so time off of one set leaves the other schedule alone. */
function renamed(suffix: string): Cast {
  const re = (ids: string[]) => ids.map((id) => `${id}-${suffix}`);
  return {
    weekly: re(BERLIN_CAST.weekly),
    weekend: re(BERLIN_CAST.weekend),
    holidays: re(BERLIN_CAST.holidays),
    fallback: `${BERLIN_CAST.fallback}-${suffix}`,
    calendar: BERLIN_CAST.calendar,
  };
}

function awaySchedule(name: string, startDate: string, cast: Cast) {
  const doc = berlinSchedule(name, startDate, cast);
  return { ...doc, layers: doc.layers.map((l) => ({ ...l, whenAway: 'next' as const })) };
}

async function load(url: string, token: string, requests?: (i: number) => string) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: 10,
    duration: DURATION_S,
    headers: { authorization: `Bearer ${token}` },
    ...(requests ? { requests: [{ setupRequest: (req: Request): Request => ({ ...req, path: requests(i++) }) }] } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { reqPerSec: result.requests.average, p99Ms: result.latency.p99 };
}

export async function runTimeOffBench(): Promise<Figure[]> {
  const now = Date.UTC(2027, 0, 4, 12);
  const bench = await startBenchApp(now, { now: () => now });
  try {
    const startDate = new Date(now - 365 * DAY).toISOString().slice(0, 10);
    const casts = { plain: renamed('p'), away: renamed('a') };
    for (const cast of Object.values(casts)) {
      for (const id of [...cast.weekly, ...cast.weekend, ...cast.holidays, cast.fallback]) {
        await bench.call('PUT', `/api/v1/people/${id}`, { name: id, email: `${id}@example.com` });
      }
    }
    await bench.call('PUT', '/api/v1/schedules/plain', awaySchedule('No time off', startDate, casts.plain));
    await bench.call('PUT', '/api/v1/schedules/away', awaySchedule('500 time-off entries', startDate, casts.away));
    // 500 entries of 1–3 days, over the year ahead, round-robin over the layers' people.
    const awayPeople = [...casts.away.weekly, ...casts.away.weekend, ...casts.away.holidays];
    for (let i = 0; i < TIME_OFF_ENTRIES; i++) {
      const start = now + Math.floor((i * 365 * DAY) / TIME_OFF_ENTRIES) + (i % 24) * HOUR;
      const end = start + (1 + (i % 3)) * DAY;
      await bench.call('POST', `/api/v1/people/${awayPeople[i % awayPeople.length]}/time-off`, {
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        note: 'bench',
      });
    }
    const reader = (await bench.call('POST', '/api/v1/api-tokens', { name: 'bench', scope: 'read' })).token as string;
    const origin = await bench.app.listen({ host: '127.0.0.1', port: 0 });
    const from = new Date(now).toISOString();
    const to = new Date(now + 365 * DAY).toISOString();
    // Instants spread over the year, a new one per request: each answer is computed, none cached.
    const atPath = (id: string) => (i: number) => `/api/v1/schedules/${id}/oncall?at=${new Date(now + DAY + ((i * 7_919 * 60_000) % (364 * DAY))).toISOString()}`;
    const shiftsPath = (id: string) => `/api/v1/schedules/${id}/shifts?from=${from}&to=${to}`;

    await load(`${origin}${shiftsPath('plain')}`, reader);
    await load(`${origin}${shiftsPath('away')}`, reader);
    const rows = [];
    for (const [what, path] of [
      ['oncall ?at= (computed)', (id: string) => ({ url: `${origin}/api/v1/schedules/${id}/oncall`, requests: atPath(id) })],
      ['1-year shifts', (id: string) => ({ url: `${origin}${shiftsPath(id)}`, requests: undefined })],
    ] as const) {
      const plainCase = path('plain');
      const awayCase = path('away');
      const plain = await load(plainCase.url, reader, plainCase.requests);
      const away = await load(awayCase.url, reader, awayCase.requests);
      rows.push({ what, plain, away, ratio: away.reqPerSec / plain.reqPerSec });
    }
    console.log(`time off: whenAway "next" schedules with ${TIME_OFF_ENTRIES} time-off entries vs none, 10 connections, ${DURATION_S} s each`);
    console.table(
      rows.map((r) => ({
        case: r.what,
        noneReqPerSec: Math.round(r.plain.reqPerSec),
        withTimeOffReqPerSec: Math.round(r.away.reqPerSec),
        ratio: Number(r.ratio.toFixed(2)),
        noneP99Ms: r.plain.p99Ms,
        withTimeOffP99Ms: r.away.p99Ms,
      })),
    );
    return rows.map((r) => ({
      what: `${r.what}: ${TIME_OFF_ENTRIES} time-off entries vs none`,
      figure: `${Math.round(r.away.reqPerSec)} vs ${Math.round(r.plain.reqPerSec)} req/s (${r.ratio.toFixed(2)})`,
      target: '≥ 0.8',
    }));
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runTimeOffBench();
