/**
 * What the HTTP benchmarks share: an in-process app on a temp SQLite file, signed in as admin,
 * and the 3-layer Berlin communications schedule of the issues (weekly handoff, FR 17:00→MO 09:00
 * weekend layer, DE-BE holiday layer, director fallback) started 3 years back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
const ADMIN = { email: 'bench@example.com', password: 'bench password 123' };
export const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'director'];

export function median(samples: readonly number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The Berlin schedule document, its rotations starting on `startDate` ("YYYY-MM-DD"). */
export function berlinSchedule(name: string, startDate: string) {
  return {
    name,
    timeZone: 'Europe/Berlin',
    fallback: 'director',
    layers: [
      { id: 'weekly', name: 'Weekly', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: `${startDate}T09:00` } },
      {
        id: 'weekend',
        name: 'Weekend',
        participants: ['dave', 'erin'],
        rotation: { every: 'P1W', start: `${startDate}T17:00` },
        activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] },
      },
      {
        id: 'holidays',
        name: 'Holidays',
        participants: ['frank', 'grace'],
        rotation: { per: 'window', start: `${startDate}T00:00` },
        activeWhen: { holidays: [{ calendar: 'de-be' }] },
      },
    ],
  };
}

export interface BenchApp {
  app: FastifyInstance;
  /** The admin's session token. */
  admin: string;
  /** A request as the admin through inject; throws on anything but 2xx. */
  call(method: 'PUT' | 'POST' | 'GET', url: string, payload?: object): Promise<any>;
  close(): Promise<void>;
}

/** A fresh app with the people, the DE-BE calendar and schedule `comms`. */
export async function startBenchApp(now = Date.now()): Promise<BenchApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-'));
  const app = await buildApp({ dbPath: join(dir, 'rota.db'), adminEmail: ADMIN.email, adminPassword: ADMIN.password, logger: false });
  const admin = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN })).json().token as string;
  const call = async (method: 'PUT' | 'POST' | 'GET', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${admin}` }, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return res.json();
  };
  for (const id of PEOPLE) {
    await call('PUT', `/api/v1/people/${id}`, { name: `${id[0]!.toUpperCase()}${id.slice(1)} Example`, email: `${id}@example.com`, phone: '+49 30 0000' });
  }
  await call('PUT', '/api/v1/holiday-calendars/de-be', { name: 'Berlin public holidays', region: 'DE-BE' });
  const startDate = new Date(now - 3 * 365 * DAY).toISOString().slice(0, 10);
  await call('PUT', '/api/v1/schedules/comms', berlinSchedule('Communications coordinator', startDate));
  return {
    app,
    admin,
    call,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
