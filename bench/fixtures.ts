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
import type { AppConfig } from '../src/config.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
const ADMIN = { email: 'bench@example.com', password: 'bench password 123' };
export const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'director'];

/** `BENCH_SCALE=small` shrinks every size and duration: a quick check that the bench still runs. */
export const SMALL = process.env.BENCH_SCALE === 'small';
export const scaled = <T>(full: T, small: T): T => (SMALL ? small : full);

/** One line of the closing summary `npm run bench` prints. */
export interface Figure {
  what: string;
  figure: string;
  target?: string;
}

export function median(samples: readonly number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Who fills the Berlin schedule's layers, and which holiday calendar its holiday layer follows. */
export interface Cast {
  weekly: string[];
  weekend: string[];
  holidays: string[];
  fallback: string;
  calendar: string;
}

export const BERLIN_CAST: Cast = {
  weekly: ['alice', 'bob', 'carol'],
  weekend: ['dave', 'erin'],
  holidays: ['frank', 'grace'],
  fallback: 'director',
  calendar: 'de-be',
};

/** The Berlin schedule document, its rotations starting on `startDate` ("YYYY-MM-DD"). */
export function berlinSchedule(name: string, startDate: string, cast: Cast = BERLIN_CAST) {
  return {
    name,
    timeZone: 'Europe/Berlin',
    fallback: cast.fallback,
    layers: [
      { id: 'weekly', name: 'Weekly', participants: cast.weekly, rotation: { every: 'P1W', start: `${startDate}T09:00` } },
      {
        id: 'weekend',
        name: 'Weekend',
        participants: cast.weekend,
        rotation: { every: 'P1W', start: `${startDate}T17:00` },
        activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] },
      },
      {
        id: 'holidays',
        name: 'Holidays',
        participants: cast.holidays,
        rotation: { per: 'window', start: `${startDate}T00:00` },
        activeWhen: { holidays: [{ calendar: cast.calendar }] },
      },
    ],
  };
}

export interface BenchApp {
  app: FastifyInstance;
  dbPath: string;
  /** The admin's session token. */
  admin: string;
  /** A request as the admin through inject; throws on anything but 2xx. */
  call(method: 'PUT' | 'POST' | 'GET', url: string, payload?: object): Promise<any>;
  /** Closes the app and builds a new one on the same database file (a process restart); returns ms. */
  restart(): Promise<number>;
  close(): Promise<void>;
}

/** A fresh app with the people, the DE-BE calendar and schedule `comms`; `extra` configures it further (a clock of its own). */
export async function startBenchApp(now = Date.now(), extra: Partial<AppConfig> = {}): Promise<BenchApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-'));
  const config: AppConfig = { dbPath: join(dir, 'rota.db'), adminEmail: ADMIN.email, adminPassword: ADMIN.password, logger: false, ...extra };
  let app = await buildApp(config);
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
    get app() {
      return app;
    },
    dbPath: config.dbPath,
    admin,
    call,
    async restart() {
      const t0 = performance.now();
      await app.close();
      app = await buildApp(config);
      return performance.now() - t0;
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The same people, calendar and schedule `comms` as startBenchApp, on a server reached over HTTP
 * at `base` (a server process) as `admin`; returns a read-only API token.
 */
export async function seedOverHttp(base: string, admin: string): Promise<string> {
  const send = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    return res.json() as Promise<{ token?: string }>;
  };
  for (const id of PEOPLE) await send('PUT', `/api/v1/people/${id}`, { name: id, email: `${id}@example.com` });
  await send('PUT', '/api/v1/holiday-calendars/de-be', { name: 'Berlin public holidays', region: 'DE-BE' });
  const startDate = new Date(Date.now() - 3 * 365 * DAY).toISOString().slice(0, 10);
  await send('PUT', '/api/v1/schedules/comms', berlinSchedule('Communications coordinator', startDate));
  return (await send('POST', '/api/v1/api-tokens', { name: 'alerting', scope: 'read' })).token!;
}
