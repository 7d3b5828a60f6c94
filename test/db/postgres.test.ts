/**
 * What only the PostgreSQL adapter does (runs in the `pg` project): clear start-up failures that
 * never show the password, migrations that two instances starting at once take turns at,
 * exclusive sections that serialise across instances, and the admin backup it declines.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openRepositories } from '../../src/db/index.js';
import { DatabaseOpenError, type Database } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { ConflictError } from '../../src/errors.js';
import { problem, startServer, type TestServer } from '../helpers.js';
import { adminUrl, createTestDatabase, onAdminDatabase, urlOf } from '../postgres.js';

const open: Database[] = [];
const dropLater: (() => Promise<void>)[] = [];
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const d of open.splice(0)) await d.close();
  for (const drop of dropLater.splice(0)) await drop();
});

async function instance(url: string): Promise<Database> {
  const database = await openPostgres(url);
  open.push(database);
  return database;
}

async function freshDatabase(): Promise<string> {
  const { url, drop } = await createTestDatabase();
  dropLater.push(drop);
  return url;
}

async function startFailure(url: string): Promise<Error> {
  const err = await openRepositories({ dbPath: 'unused', databaseUrl: url }).then(
    () => new Error('opened'),
    (e: Error) => e,
  );
  expect(err).toBeInstanceOf(DatabaseOpenError);
  expect(err.message).not.toContain('\n');
  return err;
}

describe('starting on PostgreSQL', () => {
  it('says where it could not connect, in one line, without the password', async () => {
    const err = await startFailure('postgres://rota:pa55-word-x@127.0.0.1:1/rota');
    expect(err.message).toContain('cannot reach PostgreSQL at rota@127.0.0.1:1/rota');
    expect(err.message).not.toContain('pa55-word-x');
  });

  it('says the login was refused when the password is wrong, without it', async () => {
    const url = new URL(adminUrl());
    url.password = 'not-the-password-42';
    const err = await startFailure(url.toString());
    expect(err.message).toContain('refused the login');
    expect(err.message).not.toContain('not-the-password-42');
  });

  it('migrates a new database once when two instances start at the same time', async () => {
    const name = `rota_t_${process.pid}_empty_${Date.now()}`;
    await onAdminDatabase([`create database "${name}"`]);
    dropLater.push(() => onAdminDatabase([`drop database if exists "${name}" with (force)`]));
    const [a, b] = await Promise.all([instance(urlOf(name)), instance(urlOf(name))]);
    expect(await a.ping()).toBe(true);
    expect(await b.ping()).toBe(true);
    // Each migration applied once: as many rows as the journal has entries.
    const journal = JSON.parse(readFileSync(new URL('../../migrations/pg/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
    const applied = await a.db.execute('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0]).toEqual({ n: journal.entries.length });
    expect(journal.entries.length).toBeGreaterThan(1);
  });
});

describe('two instances on one database', () => {
  it('run exclusive sections one at a time across instances', async () => {
    const url = await freshDatabase();
    const [a, b] = [await instance(url), await instance(url)];
    const events: string[] = [];
    let aStarted!: () => void;
    const started = new Promise<void>((resolve) => (aStarted = resolve));
    const first = a.exclusive(async () => {
      events.push('a in');
      aStarted();
      await new Promise((resolve) => setTimeout(resolve, 400));
      events.push('a out');
    });
    await started;
    const second = b.exclusive(async () => {
      events.push('b in');
    });
    await Promise.all([first, second]);
    expect(events).toEqual(['a in', 'a out', 'b in']);
  });

  it('see each other\'s writes, and a unique violation is a ConflictError', async () => {
    const url = await freshDatabase();
    const [a, b] = [await instance(url), await instance(url)];
    await a.transaction((tx) => tx.insert(a.tables.settings).values({ key: 'k', value: 'from a' }));
    expect(await b.db.select().from(b.tables.settings)).toEqual([{ key: 'k', value: 'from a' }]);
    const clash = await b.transaction((tx) => tx.insert(b.tables.settings).values({ key: 'k', value: 'from b' })).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(ConflictError);
    expect(await a.db.select().from(a.tables.settings)).toEqual([{ key: 'k', value: 'from a' }]);
  });
});

describe('the API on PostgreSQL', () => {
  it('answers healthz, and declines the SQLite file backup with a 501 pointing to pg_dump', async () => {
    server = await startServer();
    expect((await server.call({ method: 'GET', url: '/healthz', token: null })).statusCode).toBe(200);
    expect(problem(await server.call({ method: 'POST', url: '/api/v1/admin/backup' }), 501).detail).toContain('pg_dump');
  });
});
