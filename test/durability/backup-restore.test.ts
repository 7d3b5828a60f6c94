/**
 * Online backups taken while writes run (admin endpoint and `npm run backup`), restored with
 * `npm run restore` into a fresh location: the copy opens, answers and holds the data.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
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

/** Opens `dbPath` as a server would, checks health and returns the ids of its people. */
async function peopleIn(dbPath: string): Promise<Set<string>> {
  const app = await buildApp({ dbPath, logger: false });
  try {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const token = await login(app, ADMIN.email, ADMIN.password);
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
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="rota-\d{8}T\d{6}Z\.db"$/);
    const file = join(server.dir, 'download.db');
    writeFileSync(file, res.rawPayload);

    const target = join(other.dir, 'restored.db');
    const restored = await cli('restore', file, target);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const people = await peopleIn(target);
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

    // Restoring over a stopped server's database, then starting it again.
    await other.app.close();
    const restored = await cli('restore', file, other.dbPath);
    expect(restored.code).toBe(0);
    const people = await peopleIn(other.dbPath);
    for (const id of before) expect(people.has(id)).toBe(true);
    other.app = await buildApp({ dbPath: other.dbPath, logger: false });
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
