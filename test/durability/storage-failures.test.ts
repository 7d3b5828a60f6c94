/**
 * A database that cannot store or read: a full disk answers 507, a failing file 503, both as
 * problem documents with nothing half-written; /healthz reports a database whose tables fail.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { problem, logCapture, startServer, type TestServer } from '../helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a full disk', () => {
  it('answers 507 problem+json, keeps the database consistent and recovers once space is freed', async () => {
    const { lines, logger } = logCapture();
    server = await startServer({ logger });
    const { sqlite } = server;
    const auditRows = () => (sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    // SQLite's own ceiling on the file's size stands in for the disk: writes fail with SQLITE_FULL.
    const auditBefore = auditRows();
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages + 2}`);

    const stored: string[] = [];
    let refused: Awaited<ReturnType<TestServer['call']>> | undefined;
    for (let k = 0; k < 2000 && !refused; k++) {
      const res = await server.call({ method: 'PUT', url: `/api/v1/people/p-${k}`, payload: { name: `Person ${k} ${'x'.repeat(180)}` } });
      if (res.statusCode === 201) stored.push(`p-${k}`);
      else refused = res;
    }
    expect(stored.length).toBeGreaterThan(0);
    const body = problem(refused!, 507);
    expect(body.title).toBe('Insufficient storage');
    expect(body.detail).toMatch(/disk space/);
    // The operator learns why; the log gets SQLite's code, not drizzle's query with its parameters.
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; code?: string }).filter((l) => l.msg === 'storage failure');
    expect(logged).toEqual([expect.objectContaining({ code: 'SQLITE_FULL' })]);
    expect(lines.join('')).not.toContain('x'.repeat(180));

    // Nothing half-written: the refused person and its audit entry are both absent.
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const refusedId = `p-${stored.length}`;
    problem(await server.call({ method: 'GET', url: `/api/v1/people/${refusedId}` }), 404);
    const people = (await server.call({ method: 'GET', url: '/api/v1/people' })).json().items.map((p: { id: string }) => p.id);
    expect(people).toEqual(stored.toSorted());
    expect(auditRows()).toBe(auditBefore + stored.length);
    expect((await server.call({ method: 'GET', url: '/healthz', token: null })).statusCode).toBe(200);

    sqlite.pragma('max_page_count = 1073741823');
    expect((await server.call({ method: 'PUT', url: `/api/v1/people/${refusedId}`, payload: { name: 'Later' } })).statusCode).toBe(201);
  });
});

describe('a database file that fails under a running server', () => {
  it('makes /healthz answer 503 and reads answer 503, not 500', async () => {
    server = await startServer();
    await server.call({ method: 'PUT', url: '/api/v1/people/alice', payload: { name: 'Alice' } });
    expect((await server.call({ method: 'GET', url: '/healthz', token: null })).statusCode).toBe(200);

    const { sqlite } = server;
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    const { rootpage } = sqlite.prepare("select rootpage from sqlite_master where name = 'people'").get() as { rootpage: number };
    // The disk returns garbage where the people table begins.
    const bytes = readFileSync(server.dbPath);
    bytes.fill(0xa5, (rootpage - 1) * pageSize, rootpage * pageSize);
    writeFileSync(server.dbPath, bytes);
    // Another connection's write makes the server's connection drop its page cache and read the file.
    const other = new Database(server.dbPath);
    other.prepare("insert into settings (key, value) values ('poke', '1')").run();
    other.close();

    const health = problem(await server.call({ method: 'GET', url: '/healthz', token: null }), 503);
    expect(health.detail).toMatch(/database/);
    const read = problem(await server.call({ method: 'GET', url: '/api/v1/people' }), 503);
    expect(read.detail).toMatch(/database cannot be read or written/);
  });
});
