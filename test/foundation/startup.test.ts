import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, DEFAULT_ADMIN_EMAIL } from '../../src/app.js';
import { ADMIN, login, problem, logCapture, startServer, type TestServer } from '../helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('start on an empty database', () => {
  it('applies migrations, bootstraps the admin and answers healthz', async () => {
    server = await startServer();
    const health = await server.call({ method: 'GET', url: '/healthz', token: null });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', leader: true });

    const db = new Database(server.dbPath, { readonly: true });
    const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
    db.close();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['users', 'api_tokens', 'people', 'holiday_calendars', 'schedules', 'schedule_versions', 'overrides', 'escalation_chains', 'feeds', 'audit_log', 'settings', '__drizzle_migrations']),
    );
    const users = await server.call({ method: 'GET', url: '/api/v1/users' });
    expect(users.json().items).toEqual([expect.objectContaining({ email: ADMIN.email, role: 'admin' })]);
  });

  it('sets the durability pragmas on its connection', async () => {
    server = await startServer();
    const { sqlite } = server;
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
  });

  it('healthz answers 503 problem+json when the database does not answer', async () => {
    server = await startServer();
    server.sqlite.close();
    problem(await server.call({ method: 'GET', url: '/healthz', token: null }), 503);
  });

  it('without ROTA_ADMIN_PASSWORD creates an admin with a random password printed once, on its own lines, never in the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rota-boot-'));
    const dbPath = join(dir, 'rota.db');
    try {
      const first = logCapture();
      const notices: string[] = [];
      let app = await buildApp({ dbPath, logger: first.logger, printNotice: (text) => notices.push(text) });
      expect(notices).toHaveLength(1);
      const match = /^ {2}email: +(\S+)\n {2}password: +(\S+)\n/m.exec(notices[0]!);
      expect(match).not.toBeNull();
      const [, email, password] = match!;
      expect(email).toBe(DEFAULT_ADMIN_EMAIL);
      expect(password!.length).toBeGreaterThanOrEqual(16);
      expect(notices[0]).toMatch(/Change it .*"Change password".*\n.*POST \/api\/v1\/auth\/password/);
      expect(await login(app, email!, password!)).toMatch(/^ey/);
      // The log says an admin was made, and where the password went, without the password.
      expect(first.lines.filter((l) => l.includes('created the first admin'))).toHaveLength(1);
      expect(first.lines.join('')).not.toContain(password!);
      await app.close();

      // The same database started again creates nobody and prints no password.
      const second = logCapture();
      const again: string[] = [];
      app = await buildApp({ dbPath, logger: second.logger, printNotice: (text) => again.push(text) });
      expect(again).toEqual([]);
      expect(second.lines.join('')).not.toContain(password!);
      expect(second.lines.join('')).not.toContain('created the first admin');
      await app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves an OpenAPI 3 document and a browsable UI', async () => {
    server = await startServer();
    const doc = (await server.call({ method: 'GET', url: '/openapi.json', token: null })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/people/{id}', '/api/v1/auth/login', '/api/v1/api-tokens']));
    const ui = await server.call({ method: 'GET', url: '/docs/', token: null });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('sends security headers on every response', async () => {
    server = await startServer();
    for (const url of ['/healthz', '/api/v1/people', '/no-such-page']) {
      const res = await server.call({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // Documents get helmet's set; JSON answers of the API the short set for APIs.
      expect(res.headers['content-security-policy']).toContain(url.startsWith('/api/') ? "default-src 'none'; frame-ancestors 'none'" : "default-src 'self'");
      expect(res.headers['x-frame-options']).toMatch(/^(DENY|SAMEORIGIN)$/);
      // Plain HTTP: HSTS means nothing here (RFC 6797 §7.2), so it is not sent.
      expect(res.headers['strict-transport-security']).toBeUndefined();
      // Nor may a client claim HTTPS when no proxy is trusted.
      const claimed = await server.call({ method: 'GET', url, headers: { 'x-forwarded-proto': 'https' } });
      expect(claimed.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('sends Strict-Transport-Security on HTTPS requests (here through a trusted proxy)', async () => {
    server = await startServer({ trustProxy: '127.0.0.1' });
    const https = await server.call({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(https.headers['x-content-type-options']).toBe('nosniff');
    const http = await server.call({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'http' } });
    expect(http.headers['strict-transport-security']).toBeUndefined();
    // The feed URLs follow the protocol the proxy reports.
    await server.call({ method: 'PUT', url: '/api/v1/people/alice', payload: { name: 'Alice' } });
    const feed = await server.call({ method: 'POST', url: '/api/v1/feeds', payload: { person: 'alice' }, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'rota.example.com' } });
    expect(feed.json().url).toMatch(/^https:\/\/rota\.example\.com\/feeds\//);
  });
});

describe('restart on the same database file', () => {
  it('keeps people, users, API tokens and sessions', async () => {
    server = await startServer();
    await server.call({ method: 'PUT', url: '/api/v1/people/alice', payload: { name: 'Alice Adams', email: 'alice@example.com' } });
    await server.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'vic@example.com', name: 'Vic', role: 'viewer', password: 'viewer-pass-1' } });
    const apiToken = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'pager', scope: 'read' } })).json().token;
    const session = server.token;

    await server.restart();

    expect((await server.call({ method: 'GET', url: '/api/v1/people/alice' })).json()).toMatchObject({ name: 'Alice Adams' });
    expect((await server.call({ method: 'GET', url: '/api/v1/people', token: apiToken })).statusCode).toBe(200);
    // The generated JWT secret is stored, so a session from before the restart still works.
    expect((await server.call({ method: 'GET', url: '/api/v1/users', token: session })).json().items).toHaveLength(2);
    expect(await login(server.app, 'vic@example.com', 'viewer-pass-1')).toMatch(/^ey/);
  });
});
