/**
 * `npm run migrate-to-postgres`: a SQLite database built through the API, the server stopped, the
 * file moved into a blank PostgreSQL database, a server started there — it answers as before,
 * and everyone's credentials still work. Refusals leave the target as it was. And the other way
 * to move: export from a SQLite server, import into a PostgreSQL one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ok } from '../http/fixtures.js';
import { login } from '../helpers.js';
import { cli } from './cli.js';
import { exportOf, expectSameAnswers, onCallAnswers, setUpConfiguration, setUpCredentials, setUpTimeOffAndSwap, VIEWER } from './fixtures.js';
import { rowCounts, trackServersAndDatabases, type BlankDatabase } from './postgres-database.js';

const { server, blank } = trackServersAndDatabases();

/** A server on a SQLite file of its own (this project's servers are otherwise on PostgreSQL). */
const sqliteServer = () => server({ databaseUrl: undefined });
const postgresServer = (url?: string) => server(url ? { databaseUrl: url } : {});

async function countsInFile(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return await rowCounts((sql) => db.prepare(sql).all() as Record<string, unknown>[]);
  } finally {
    db.close();
  }
}

const migrate = (from: string, url: string) => cli('migrate-to-postgres', ['--from', from, url]);

/** Tables Rota made in the public schema of `d` (none: the migration never reached it). */
const tablesIn = async (d: BlankDatabase) => Number((await d.query("select count(*) as n from information_schema.tables where table_schema = 'public'"))[0]!.n);

describe('npm run migrate-to-postgres', () => {
  it('moves everything: configuration, history, users, sessions, API tokens, feeds, the audit log', { timeout: 90_000 }, async () => {
    const source = await sqliteServer();
    await setUpConfiguration(source);
    await setUpTimeOffAndSwap(source);
    const { apiToken, feedPath } = await setUpCredentials(source);
    const viewerSession = await login(source.app, VIEWER.email, VIEWER.password);
    const before = { export: await exportOf(source), onCall: await onCallAnswers(source) };
    const audit = await ok(source, 'GET', '/api/v1/audit?limit=1000');
    const feed = await source.call({ method: 'GET', url: feedPath, token: null });
    expect(feed.statusCode).toBe(200);
    await source.app.close();
    const counts = await countsInFile(source.dbPath);
    expect(counts.audit_log).toBeGreaterThan(20);

    const target = await blank();
    const res = await migrate(source.dbPath, target.url);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toMatch(/^migrated .*rota\.db to PostgreSQL: \d+ rows \(settings 1, users 2, apiTokens 1, people 8, .*feeds 1, auditLog \d+\);/);
    expect(await rowCounts(target.query)).toEqual(counts);

    const moved = await postgresServer(target.url);
    await expectSameAnswers(moved, before);
    expect(await ok(moved, 'GET', '/api/v1/audit?limit=1000')).toEqual(audit);
    // The same password signs in; a session from before is still valid (same signing secret, same session version).
    const viewer = await login(moved.app, VIEWER.email, VIEWER.password);
    expect((await moved.call({ method: 'GET', url: '/api/v1/schedules', token: viewer })).statusCode).toBe(200);
    expect((await moved.call({ method: 'GET', url: '/api/v1/schedules', token: viewerSession })).statusCode).toBe(200);
    expect((await moved.call({ method: 'GET', url: '/api/v1/schedules/comms/oncall', token: apiToken })).statusCode).toBe(200);
    const movedFeed = await moved.call({ method: 'GET', url: feedPath, token: null });
    expect(movedFeed.statusCode).toBe(200);
    expect(movedFeed.body).toBe(feed.body);

    // New rows take ids after the copied ones (the identity sequences were moved past them):
    // an override and its audit entry, both numbered by PostgreSQL.
    const override = { person: 'carol', start: '2026-06-20T00:00:00Z', end: '2026-06-21T00:00:00Z' };
    expect((await moved.call({ method: 'POST', url: '/api/v1/schedules/comms/overrides', payload: override })).statusCode).toBe(201);
    const newest = (await target.query('select max(seq) as seq from overrides'))[0]!;
    expect(Number(newest.seq)).toBe(counts.overrides! + 1);
    expect((await ok(moved, 'GET', '/api/v1/audit?limit=1')).items[0]).toMatchObject({ resource: 'override', action: 'create' });

    // A second run refuses: the target holds data now; nothing is added.
    const again = await migrate(source.dbPath, target.url);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/^migrate-to-postgres failed: PostgreSQL at .* is not empty: it already holds data \(its settings table has rows\)/);
    expect(again.stderr).not.toMatch(/\/\/[^@\s]*:[^@\s]*@/); // the URL's password is never printed
    expect((await rowCounts(target.query)).people).toBe(counts.people);
  });

  it('is all or nothing: a row PostgreSQL refuses leaves the target without a row', { timeout: 60_000 }, async () => {
    const source = await sqliteServer();
    await setUpConfiguration(source);
    await source.app.close();
    // SQLite keeps text in an integer column, PostgreSQL's bigint refuses it: the last row of the
    // last table fails, after every other row went in.
    const db = new Database(source.dbPath);
    db.prepare("update audit_log set at = 'yesterday' where id = (select max(id) from audit_log)").run();
    db.close();

    const target = await blank();
    const res = await migrate(source.dbPath, target.url);
    expect(res.code).toBe(1);
    // The database's reason, never the statement's parameters (other rows' hashes could be among them).
    expect(res.stderr.trim()).toBe('migrate-to-postgres failed: the target refused a row of auditLog: invalid input syntax for type bigint: "yesterday"; nothing was copied');
    expect(Object.values(await rowCounts(target.query)).every((n) => n === 0)).toBe(true);
  });

  it('refuses a source that is missing, not a database, or not a Rota database, before touching the target', { timeout: 60_000 }, async () => {
    const target = await blank();
    const dir = (await sqliteServer()).dir;
    const missing = join(dir, 'nothing-here.db');
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'not a database at all, just some text that is long enough to be a page or two. '.repeat(100));
    const foreign = join(dir, 'foreign.db');
    const other = new Database(foreign);
    other.exec('create table things (id integer primary key)');
    other.close();

    for (const [file, message] of [
      [missing, /there is no SQLite database at .*nothing-here\.db \(set ROTA_DB or pass --from FILE\)/],
      [text, /notes\.db is not a sound Rota database: .*not a database/],
      [foreign, /foreign\.db is not a sound Rota database: .*not a Rota database \(no audit_log table\)/],
    ] as const) {
      const res = await migrate(file, target.url);
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(message);
    }
    expect(await tablesIn(target)).toBe(0);
  });

  it('answers usage with exit code 2', { timeout: 60_000 }, async () => {
    for (const args of [[], ['--from'], ['mysql://x/y'], ['postgres://a/b', 'extra']]) {
      const res = await cli('migrate-to-postgres', args);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/^usage: npm run migrate-to-postgres -- \[--from FILE\] postgres:/);
    }
  });
});

describe('export from SQLite, import into PostgreSQL', () => {
  it('gives the same configuration and the same answers', { timeout: 60_000 }, async () => {
    const source = await sqliteServer();
    await setUpConfiguration(source);
    const before = { export: await exportOf(source), onCall: await onCallAnswers(source) };
    const exported = await ok(source, 'GET', '/api/v1/export');

    const target = await postgresServer();
    expect((await target.query("select count(*) as n from people")).map((r) => Number(r.n))).toEqual([0]);
    const imported = await ok(target, 'POST', '/api/v1/import', exported);
    expect(imported.imported).toEqual({ people: 8, holidayCalendars: 2, schedules: 2, overrides: 4, escalationChains: 1, timeOff: 0 });
    await expectSameAnswers(target, before);
  });
});
