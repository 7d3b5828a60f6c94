/**
 * `npm run backup` / `npm run restore` on PostgreSQL (ROTA_DATABASE_URL): a Rota dump of every
 * table taken while the server keeps writing, consistent across tables, loaded into a new
 * database — a server there answers as before and everyone's credentials work. Restore refuses a
 * database that holds data and a file that is not a whole dump, leaving the target empty.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok } from '../http/fixtures.js';
import { login } from '../helpers.js';
import { cli } from './cli.js';
import { exportOf, expectSameAnswers, onCallAnswers, setUpConfiguration, setUpCredentials, VIEWER } from './fixtures.js';
import { rowCounts, trackServersAndDatabases, type BlankDatabase } from './postgres-database.js';

const { server, blank } = trackServersAndDatabases();

/** A server on the database `d` (this project's servers are on PostgreSQL; here we need its URL). */
const serverOn = (d: BlankDatabase) => server({ databaseUrl: d.url });

const backup = (file: string, url: string) => cli('backup', [file], { ROTA_DATABASE_URL: url });
const restore = (file: string, url: string) => cli('restore', [file], { ROTA_DATABASE_URL: url });

describe('npm run backup and restore on PostgreSQL', () => {
  it('dumps every table while writes go on, consistently, and restores it into a new database', { timeout: 90_000 }, async () => {
    const live = await blank();
    const source = await serverOn(live);
    await setUpConfiguration(source);
    const { apiToken, feedPath } = await setUpCredentials(source);
    const before = { export: await exportOf(source), onCall: await onCallAnswers(source) };
    const feed = (await source.call({ method: 'GET', url: feedPath, token: null })).body;

    // Each PUT writes a person and its audit entry in one transaction. people is dumped before
    // audit_log: without one consistent view, the dump would hold entries for people it lacks.
    let writing = true;
    const writes = (async () => {
      for (let k = 0; writing; k++) expect((await source.call({ method: 'PUT', url: `/api/v1/people/w-${k}`, payload: { name: `Writer ${k}` } })).statusCode).toBe(201);
    })();
    await new Promise((r) => setTimeout(r, 200));
    const file = join(source.dir, 'rota.dump');
    const res = await backup(file, live.url);
    writing = false;
    await writes;
    expect(res.stderr).toBe('');
    expect(res.stdout.trim()).toMatch(/^backed up PostgreSQL at rota@[^ ]+ to .*rota\.dump \(a Rota dump of \d+ rows; npm run restore loads it into an empty database\)$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ format: 'rota-dump', version: 1 });
    const rowsOf = (table: string) => lines.filter((l) => l.table === table).flatMap((l) => l.rows as Record<string, unknown>[]);
    const writers = rowsOf('people').filter((p) => String(p.id).startsWith('w-')).map((p) => p.id);
    const audited = rowsOf('auditLog').filter((a) => a.resource === 'person' && String(a.resourceId).startsWith('w-')).map((a) => a.resourceId);
    expect(writers.length).toBeGreaterThan(0);
    expect(audited.sort()).toEqual(writers.sort());
    // The dump is complete: credentials included.
    expect(rowsOf('users').every((u) => String(u.passwordHash).length > 20)).toBe(true);
    expect(rowsOf('settings').length).toBeGreaterThan(0);

    const fresh = await blank();
    const restored = await restore(file, fresh.url);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/^restored PostgreSQL at .* from .*rota\.dump \(\d+ rows\); start the servers/);
    const counts = await rowCounts(fresh.query);
    expect(counts.people).toBe(8 + writers.length);

    const again = await serverOn(fresh);
    for (const id of writers) await ok(again, 'DELETE', `/api/v1/people/${id}`);
    await expectSameAnswers(again, before);
    await login(again.app, VIEWER.email, VIEWER.password);
    expect((await again.call({ method: 'GET', url: '/api/v1/schedules', token: apiToken })).statusCode).toBe(200);
    expect((await again.call({ method: 'GET', url: feedPath, token: null })).body).toBe(feed);
  });

  it('refuses a database that holds data, a dump cut short, and a SQLite file, leaving the target as it was', { timeout: 90_000 }, async () => {
    const live = await blank();
    const source = await serverOn(live);
    await setUpConfiguration(source);
    const file = join(source.dir, 'rota.dump');
    expect((await backup(file, live.url)).code).toBe(0);
    const peopleBefore = (await rowCounts(live.query)).people;

    const intoLive = await restore(file, live.url);
    expect(intoLive.code).toBe(1);
    expect(intoLive.stderr.trim()).toMatch(/^restore failed: PostgreSQL at .* is not empty: it already holds data \(its settings table has rows\); restore into a new database \(createdb\)/);
    expect((await rowCounts(live.query)).people).toBe(peopleBefore);

    const fresh = await blank();
    const whole = readFileSync(file, 'utf8').trim().split('\n');
    const cut = join(source.dir, 'cut.dump');
    writeFileSync(cut, `${whole.slice(0, -1).join('\n')}\n`);
    const cutShort = await restore(cut, fresh.url);
    expect(cutShort.code).toBe(1);
    expect(cutShort.stderr.trim()).toBe(`restore failed: ${cut} is cut short (no end line): it was not written completely`);
    expect(Object.values(await rowCounts(fresh.query)).every((n) => n === 0)).toBe(true);

    const sqlite = await server({ databaseUrl: undefined });
    const notADump = await restore(sqlite.dbPath, fresh.url);
    expect(notADump.code).toBe(1);
    expect(notADump.stderr).toContain('is a SQLite database, not a Rota dump: move it into PostgreSQL with npm run migrate-to-postgres');
    expect(Object.values(await rowCounts(fresh.query)).every((n) => n === 0)).toBe(true);
  });
});
