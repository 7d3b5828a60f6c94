/**
 * Test harness: a real app on a real database, signed in as the bootstrap admin. Requests go
 * through app.inject (real routing, validation, serialization). The database is a SQLite file in
 * a fresh temp dir, or — in the `pg` vitest project — a fresh PostgreSQL database of its own
 * (test/postgres.ts), so tests stay isolated and may run in parallel on either backend.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import type { AppConfig } from '../src/config.js';
import { openRepositories } from '../src/db/index.js';
import { fixedClock, stillTimer } from './clock.js';
import { createTestDatabase, onPostgres, queryTestDatabase } from './postgres.js';

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

export interface TestServer {
  app: FastifyInstance;
  dir: string;
  dbPath: string;
  /**
   * The server's own SQLite connection (to make it fail, or look at the file). SQLite only: on
   * PostgreSQL any use of it throws (such tests are left out of the `pg` project).
   */
  sqlite: Database.Database;
  /** Rows of `sql` (one statement, valid on both backends) read from the server's database: what it stored. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Bearer token of the bootstrap admin. */
  token: string;
  /** The app's clock: held at TEST_NOW (test/clock.ts) unless the test passed its own `now`. */
  now: () => number;
  /** A request as the admin (or with `token` given, as someone else; `token: null` sends none). */
  call(opts: InjectOptions & { token?: string | null }): Promise<LightMyRequestResponse>;
  /** Restart on the same database file (what a process restart does). */
  restart(overrides?: Partial<AppConfig>): Promise<void>;
  close(): Promise<void>;
}

export async function login(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}

/** Stands in for the SQLite connection on PostgreSQL: a test that uses it says why it fails. */
const noSqliteConnection = new Proxy({} as Database.Database, {
  get() {
    throw new Error('this test uses the SQLite connection (TestServer.sqlite): leave it out of the pg project in vitest.config.ts');
  },
});

/** The app on the database `config` names, with the SQLite connection it writes with (a stand-in on PostgreSQL). */
export async function appWithConnection(config: AppConfig): Promise<{ app: FastifyInstance; sqlite: Database.Database }> {
  const repos = await openRepositories(config);
  return { app: await buildApp(config, repos), sqlite: repos.sqlite ?? noSqliteConnection };
}

/**
 * A fresh app on a temp database, its clock held at TEST_NOW so no answer depends on the day the
 * test runs (pass `now: movableClock().now` to move it, or another fixed instant).
 */
export async function startServer(config: Partial<AppConfig> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-test-'));
  const dbPath = join(dir, 'rota.db');
  const postgres = onPostgres() ? await createTestDatabase() : undefined;
  const base: AppConfig = {
    dbPath,
    ...(postgres ? { databaseUrl: postgres.url } : {}),
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
    logger: false,
    now: fixedClock(),
    // A held clock never reaches the instant a timer waits for (a test moving its clock passes its timer too).
    timer: stillTimer,
    ...config,
  };
  const server: TestServer = {
    ...(await appWithConnection(base)),
    dir,
    dbPath,
    token: '',
    now: () => server.app.services.now(),
    async query(sql) {
      if (postgres) return queryTestDatabase(postgres.url, sql);
      return server.sqlite.prepare(sql).all() as Record<string, unknown>[];
    },
    async call({ token, ...opts }) {
      const bearer = token === undefined ? server.token : token;
      const headers = { ...(opts.headers ?? {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) };
      return server.app.inject({ ...opts, headers });
    },
    async restart(overrides = {}) {
      await server.app.close();
      Object.assign(server, await appWithConnection({ ...base, ...overrides }));
      server.token = await login(server.app, ADMIN.email, ADMIN.password);
    },
    async close() {
      await server.app.close();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  server.token = await login(server.app, ADMIN.email, ADMIN.password);
  return server;
}

/** Asserts an RFC 9457 problem and returns its body. */
export function problem(res: LightMyRequestResponse, status: number) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) throw new Error(`expected problem+json, got ${type}`);
  const body = res.json() as { type: string; title: string; status: number; detail: string; errors?: { path: string; message: string }[] };
  if (body.status !== status || !body.title || !body.type || typeof body.detail !== 'string') {
    throw new Error(`not a problem document: ${res.body}`);
  }
  return body;
}

/** A pino destination that keeps every line, to check what reaches the log. */
export function logCapture(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: { level, stream } };
}
