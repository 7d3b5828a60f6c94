/**
 * HTTP benchmark of the on-call API, in-process on loopback with a temp database:
 * 1. `GET /api/v1/schedules/{id}/oncall` (realistic Berlin schedule, read API token) against a
 *    bare Fastify route returning constant JSON on a separate instance with the same options,
 *    in the same run. Target: ratio of req/s ≥ 0.5.
 * 2. `GET /api/v1/oncall` with 1,000 schedules. Target: median < 100 ms.
 * Run alone with `npx tsx bench/http.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp, fastifyOptions } from '../src/app.js';

const ADMIN = { email: 'bench@example.com', password: 'bench password 123' };
const SCHEDULES = 1000;
const DURATION_S = 5;
const CONNECTIONS = 10;

async function call(app: FastifyInstance, token: string, method: 'PUT' | 'POST' | 'GET', url: string, payload?: object) {
  const res = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
  return res.json();
}

/** The spec's Berlin schedule: weekly weekdays, weekend + holiday windows, director fallback. */
function berlin(name: string) {
  return {
    name,
    timeZone: 'Europe/Berlin',
    fallback: 'director',
    layers: [
      { id: 'weekdays', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: '2025-01-06T09:00' } },
      {
        id: 'weekend',
        participants: ['dave', 'erin'],
        rotation: { per: 'window', start: '2025-01-03T17:00' },
        activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }], holidays: [{ calendar: 'de-be' }] },
      },
    ],
  };
}

async function load(url: string, token?: string) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { reqPerSec: result.requests.average, p99Ms: result.latency.p99 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function runHttpBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-'));
  const app = await buildApp({ dbPath: join(dir, 'rota.db'), adminEmail: ADMIN.email, adminPassword: ADMIN.password, logger: false });
  const baseline = Fastify(fastifyOptions({ logger: false }));
  try {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
    const admin = login.json().token as string;
    for (const id of ['alice', 'bob', 'carol', 'dave', 'erin', 'director']) {
      await call(app, admin, 'PUT', `/api/v1/people/${id}`, { name: id, email: `${id}@example.com`, phone: '+49 30 0000' });
    }
    await call(app, admin, 'PUT', '/api/v1/holiday-calendars/de-be', { name: 'Berlin', region: 'DE-BE' });
    await call(app, admin, 'PUT', '/api/v1/schedules/comms', berlin('Communications coordinator'));
    const reader = (await call(app, admin, 'POST', '/api/v1/api-tokens', { name: 'alerting', scope: 'read' })).token as string;

    baseline.get('/constant', async () => ({ schedule: 'comms', person: null, source: 'gap' }));
    const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const baseUrl = await baseline.listen({ host: '127.0.0.1', port: 0 });

    // Warm both up, then measure one after the other in the same process.
    await load(`${baseUrl}/constant`);
    await load(`${appUrl}/api/v1/schedules/comms/oncall`, reader);
    const bare = await load(`${baseUrl}/constant`);
    const onCall = await load(`${appUrl}/api/v1/schedules/comms/oncall`, reader);
    console.log(`http: ${CONNECTIONS} connections × ${DURATION_S} s (target: ratio ≥ 0.5)`);
    console.table([
      { route: 'bare Fastify constant JSON', reqPerSec: Math.round(bare.reqPerSec), p99Ms: bare.p99Ms },
      { route: 'GET /schedules/comms/oncall', reqPerSec: Math.round(onCall.reqPerSec), p99Ms: onCall.p99Ms },
    ]);
    console.log(`ratio oncall / bare: ${(onCall.reqPerSec / bare.reqPerSec).toFixed(2)}`);

    // 1,000 schedules, saved through the service (validation and coverage guard included).
    const actor = { type: 'system' as const, id: 'bench', label: 'bench' };
    const t0 = performance.now();
    for (let i = 1; i < SCHEDULES; i++) await app.services.schedules.put(`s-${i}`, berlin(`Schedule ${i}`), undefined, actor);
    const saveMs = (performance.now() - t0) / (SCHEDULES - 1);
    const everyone = async () => {
      const t = performance.now();
      const res = await fetch(`${appUrl}/api/v1/oncall`, { headers: { authorization: `Bearer ${reader}` } });
      const body = (await res.json()) as { oncall: unknown[] };
      if (body.oncall.length !== SCHEDULES) throw new Error(`expected ${SCHEDULES} answers, got ${body.oncall.length}`);
      return performance.now() - t;
    };
    const cold = await everyone();
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) samples.push(await everyone());
    await app.services.overrides.create('s-1', { personId: 'bob', start: Date.now(), end: Date.now() + 3_600_000, note: null }, actor);
    const afterOverride = await everyone();
    app.services.invalidateAll(); // what a calendar edit does
    const afterCalendarEdit = await everyone();
    console.log(`GET /api/v1/oncall, ${SCHEDULES} schedules (target: median < 100 ms)`);
    console.table([
      { case: 'median of 30 (warm)', ms: Number(median(samples).toFixed(1)) },
      { case: 'first request after seeding (nothing compiled)', ms: Number(cold.toFixed(1)) },
      { case: 'first request after an override write', ms: Number(afterOverride.toFixed(1)) },
      { case: 'first request after a calendar edit', ms: Number(afterCalendarEdit.toFixed(1)) },
      { case: 'schedule PUT incl. 365-day coverage check (mean)', ms: Number(saveMs.toFixed(2)) },
    ]);
  } finally {
    await baseline.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runHttpBench();
