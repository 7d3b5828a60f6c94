/**
 * Online backups taken while writes run (admin endpoint and `npm run backup`), restored with
 * `npm run restore` into a fresh location: the copy opens, answers and holds the data. The admin
 * endpoint's copy holds no credentials; restoring it gives back an admin from the environment.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { AppConfig } from '../../src/config.js';
import { hashSecret } from '../../src/security/secrets.js';
import { ADMIN, login, problem, startServer, type TestServer } from '../helpers.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `src/cli/<name>.ts FILE` as npm run would, with ROTA_DB set; never throws. */
async function cli(name: 'backup' | 'restore', file: string, dbPath: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `src/cli/${name}.ts`, file], {
      cwd: ROOT,
      env: { ...process.env, ROTA_DB: dbPath },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Keeps PUTting people until stopped; returns the ids acknowledged. */
function keepWriting(server: TestServer) {
  const acknowledged: string[] = [];
  let stop = false;
  const done = (async () => {
    for (let k = 0; !stop; k++) {
      const res = await server.call({ method: 'PUT', url: `/api/v1/people/p-${k}`, payload: { name: `Person ${k}` } });
      expect(res.statusCode).toBe(201);
      acknowledged.push(`p-${k}`);
      await new Promise((r) => setImmediate(r));
    }
  })();
  return {
    acknowledged,
    async stop() {
      stop = true;
      await done;
    },
  };
}

/**
 * Opens `dbPath` as a server would (with `config`, e.g. ROTA_ADMIN_*), checks health, signs in
 * as the admin and returns the ids of its people.
 */
async function peopleIn(dbPath: string, config: Partial<AppConfig> = {}): Promise<Set<string>> {
  const app = await buildApp({ dbPath, logger: false, ...config });
  try {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const token = await login(app, ADMIN.email, config.adminPassword ?? ADMIN.password);
    const res = await app.inject({ method: 'GET', url: '/api/v1/people', headers: { authorization: `Bearer ${token}` } });
    return new Set((res.json() as { items: { id: string }[] }).items.map((p) => p.id));
  } finally {
    await app.close();
  }
}

let server: TestServer | undefined;
let other: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  await other?.close();
  server = other = undefined;
});

describe('backup while writes run', () => {
  it('POST /admin/backup streams a copy that restores and answers', { timeout: 60_000 }, async () => {
    server = await startServer();
    other = await startServer();
    const writes = keepWriting(server);
    while (writes.acknowledged.length < 50) await new Promise((r) => setTimeout(r, 5));
    const before = [...writes.acknowledged];
    const res = await server.call({ method: 'POST', url: '/api/v1/admin/backup' });
    await writes.stop();

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.sqlite3');
    // Named by the app's clock, held at 2026-06-01 12:00 UTC.
    expect(res.headers['content-disposition']).toBe('attachment; filename="rota-20260601T120000Z.db"');
    const file = join(server.dir, 'download.db');
    writeFileSync(file, res.rawPayload);

    const target = join(other.dir, 'restored.db');
    const restored = await cli('restore', file, target);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    // The copy has no passwords: the admin of ROTA_ADMIN_EMAIL / ROTA_ADMIN_PASSWORD gets in.
    const people = await peopleIn(target, { adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    for (const id of before) expect(people.has(id)).toBe(true);
    console.log(`admin backup: ${before.length} writes before it, ${people.size} people in the copy, ${writes.acknowledged.length} written in all`);
  });

  it('npm run backup copies a live database; npm run restore puts it in place', { timeout: 60_000 }, async () => {
    server = await startServer();
    other = await startServer();
    const writes = keepWriting(server);
    while (writes.acknowledged.length < 50) await new Promise((r) => setTimeout(r, 5));
    const before = [...writes.acknowledged];
    const file = join(server.dir, 'cli-backup.db');
    const backup = await cli('backup', file, server.dbPath);
    await writes.stop();
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain('integrity_check ok');
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');

    // Restoring over a stopped server's database, then starting it again: the complete copy
    // keeps the password hashes, so the admin signs in with no ROTA_ADMIN_* given.
    await other.app.close();
    const restored = await cli('restore', file, other.dbPath);
    expect(restored.code).toBe(0);
    expect((statSync(other.dbPath).mode & 0o777).toString(8)).toBe('600');
    const people = await peopleIn(other.dbPath);
    for (const id of before) expect(people.has(id)).toBe(true);
    other.app = await buildApp({ dbPath: other.dbPath, logger: false });
  });
});

describe('the admin backup has no credentials', () => {
  it('leaves out the session secret, password hashes, API tokens and feeds, and says no-store', { timeout: 60_000 }, async () => {
    server = await startServer();
    await server.call({ method: 'PUT', url: '/api/v1/people/alice', payload: { name: 'Alice', email: 'alice@example.com' } });
    await server.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'vic@example.com', name: 'Vic', role: 'viewer', password: 'viewer-pass-1' } });
    const apiToken = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'pager', scope: 'read' } })).json().token as string;
    const feedUrl = (await server.call({ method: 'POST', url: '/api/v1/feeds', payload: { person: 'alice' } })).json().url as string;
    const feedToken = /\/feeds\/(.+)\.ics$/.exec(feedUrl)![1]!;
    const live = server.sqlite;
    const secrets = [
      (live.prepare("select value from settings where key = 'jwt-secret'").get() as { value: string }).value,
      ...(live.prepare('select password_hash from users').all() as { password_hash: string }[]).map((r) => r.password_hash),
      hashSecret(apiToken),
      hashSecret(feedToken),
    ];
    expect(secrets).toHaveLength(5);

    const res = await server.call({ method: 'POST', url: '/api/v1/admin/backup' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    // Not in any table, nor left in a free page of the file.
    for (const secret of secrets) expect(res.rawPayload.includes(Buffer.from(secret))).toBe(false);

    const file = join(server.dir, 'download.db');
    writeFileSync(file, res.rawPayload);
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.prepare('select key from settings').all()).toEqual([]);
      expect(copy.prepare('select email, role, password_hash as hash from users order by email').all()).toEqual([
        { email: ADMIN.email, role: 'admin', hash: '' },
        { email: 'vic@example.com', role: 'viewer', hash: '' },
      ]);
      expect(copy.prepare('select count(*) as n from api_tokens').get()).toEqual({ n: 0 });
      expect(copy.prepare('select count(*) as n from feeds').get()).toEqual({ n: 0 });
      expect(copy.prepare('select id from people').all()).toEqual([{ id: 'alice' }]);
    } finally {
      copy.close();
    }
  });

  it('restores into a server where ROTA_ADMIN_* (or a printed password) signs in and nothing old does', { timeout: 60_000 }, async () => {
    server = await startServer();
    await server.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'vic@example.com', name: 'Vic', role: 'viewer', password: 'viewer-pass-1' } });
    const apiToken = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'pager', scope: 'read' } })).json().token as string;
    const file = join(server.dir, 'download.db');
    writeFileSync(file, (await server.call({ method: 'POST', url: '/api/v1/admin/backup' })).rawPayload);

    // Restored with ROTA_ADMIN_EMAIL / ROTA_ADMIN_PASSWORD set: that admin gets the new password.
    const withEnv = join(server.dir, 'with-env.db');
    expect((await cli('restore', file, withEnv)).code).toBe(0);
    let app = await buildApp({ dbPath: withEnv, logger: false, adminEmail: ADMIN.email, adminPassword: 'a brand new password' });
    try {
      const token = await login(app, ADMIN.email, 'a brand new password');
      const get = (url: string, bearer: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });
      expect((await get('/api/v1/users', token)).json().items.map((u: { email: string }) => u.email)).toEqual([ADMIN.email, 'vic@example.com']);
      problem(await get('/api/v1/people', server.token), 401);
      problem(await get('/api/v1/people', apiToken), 401);
      problem(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ADMIN.email, password: ADMIN.password } }), 401);
      problem(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'vic@example.com', password: 'viewer-pass-1' } }), 401);
    } finally {
      await app.close();
    }

    // Restored without them: admin@localhost with a random password printed once, as on a first start.
    const withoutEnv = join(server.dir, 'without-env.db');
    expect((await cli('restore', file, withoutEnv)).code).toBe(0);
    const notices: string[] = [];
    app = await buildApp({ dbPath: withoutEnv, logger: false, printNotice: (text) => notices.push(text) });
    try {
      const match = /email: +(\S+)\n +password: +(\S+)/.exec(notices.join(''));
      expect(match?.[1]).toBe('admin@localhost');
      expect(await login(app, 'admin@localhost', match![2]!)).toMatch(/^ey/);
    } finally {
      await app.close();
    }
  });
});

describe('restore refuses', () => {
  it('a file that is not a sound Rota database, leaving the current one untouched', { timeout: 60_000 }, async () => {
    server = await startServer();
    await server.call({ method: 'PUT', url: '/api/v1/people/keep', payload: { name: 'Keep me' } });
    await server.app.close();
    const original = readFileSync(server.dbPath);

    const garbage = join(server.dir, 'garbage.db');
    writeFileSync(garbage, Buffer.concat([original.subarray(0, 4096), Buffer.alloc(8192, 0xab)]));
    const res = await cli('restore', garbage, server.dbPath);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/restore failed/);
    expect(readFileSync(server.dbPath).equals(original)).toBe(true);
    expect((await peopleIn(server.dbPath)).has('keep')).toBe(true);
    server.app = await buildApp({ dbPath: server.dbPath, logger: false });
  });

  it('while the server has the database open', { timeout: 60_000 }, async () => {
    server = await startServer();
    const file = join(server.dir, 'copy.db');
    expect((await cli('backup', file, server.dbPath)).code).toBe(0);
    const res = await cli('restore', file, server.dbPath);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/stop the server first/);
    expect((await server.call({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('the backup endpoint to non-admins', async () => {
    server = await startServer();
    const created = await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'reader', scope: 'read' } });
    problem(await server.call({ method: 'POST', url: '/api/v1/admin/backup', token: created.json().token }), 403);
    problem(await server.call({ method: 'POST', url: '/api/v1/admin/backup', token: null }), 401);
  });
});
