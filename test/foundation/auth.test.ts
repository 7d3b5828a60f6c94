import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { movableClock } from '../clock.js';
import { ADMIN, login, problem, startServer, type TestServer } from '../helpers.js';

const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Signs a JWT by hand, to present the server with tokens it did not issue. */
function forgeJwt(payload: Record<string, unknown>, secret: string, alg: 'HS256' | 'HS512' = 'HS256'): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const body = `${enc({ alg, typ: 'JWT' })}.${enc(payload)}`;
  const mac = createHmac(alg === 'HS256' ? 'sha256' : 'sha512', secret).update(body).digest('base64url');
  return `${body}.${mac}`;
}

async function adminId(s: TestServer): Promise<string> {
  return (await s.call({ method: 'GET', url: '/api/v1/auth/me' })).json().id;
}

async function createViewer(s: TestServer): Promise<string> {
  const res = await s.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'viewer@example.com', name: 'Viewer', role: 'viewer', password: 'viewer-password' } });
  expect(res.statusCode).toBe(201);
  return login(s.app, 'viewer@example.com', 'viewer-password');
}

describe('login', () => {
  it('returns a session token and the user for the right password', async () => {
    server = await startServer();
    const res = await server.call({ method: 'POST', url: '/api/v1/auth/login', token: null, payload: ADMIN });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ token: expect.stringMatching(/^ey/), user: { email: ADMIN.email, role: 'admin' } });
    expect(res.body).not.toContain('scrypt');
    expect(res.body).not.toMatch(/password|sessionVersion/i);
    // A credential in the body: no cache may keep it.
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 401 for a wrong password and for an unknown email alike', async () => {
    server = await startServer();
    const wrong = problem(await server.call({ method: 'POST', url: '/api/v1/auth/login', token: null, payload: { ...ADMIN, password: 'nope' } }), 401);
    const unknown = problem(await server.call({ method: 'POST', url: '/api/v1/auth/login', token: null, payload: { email: 'who@example.com', password: 'nope' } }), 401);
    expect(wrong.detail).toBe(unknown.detail);
  });

  it('answers 400 naming the missing field', async () => {
    server = await startServer();
    const body = problem(await server.call({ method: 'POST', url: '/api/v1/auth/login', token: null, payload: { email: ADMIN.email } }), 400);
    expect(body.errors).toEqual([expect.objectContaining({ path: '/password' })]);
  });

  it('is rate limited: brute force gets 429 problem+json', async () => {
    server = await startServer({ loginRateLimit: { max: 5, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await server.call({ method: 'POST', url: '/api/v1/auth/login', token: null, payload: { ...ADMIN, password: `guess-${i}` } });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) problem(res, 429);
    }
    // startServer's own sign-in used the first of the five attempts.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429]);
    // Even the right password is refused until the window passes.
    expect((await server.call({ method: 'POST', url: '/api/v1/auth/login', token: null, payload: ADMIN })).statusCode).toBe(429);
    // Another account from the same address is not locked out (attempts count per account).
    await server.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'other@example.com', name: 'O', role: 'viewer', password: 'other-password' } });
    expect(await login(server.app, 'OTHER@example.com', 'other-password')).toMatch(/^ey/);
  });

  it('limits one address across accounts: random emails cannot each buy a password check', async () => {
    server = await startServer({ loginRateLimit: { maxPerAddress: 5 } });
    const attempt = (i: number, remoteAddress: string) =>
      server!.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email: `nobody-${i}@example.com`, password: 'x' } });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt(i, '198.51.100.1')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await attempt(99, '198.51.100.1');
    problem(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await attempt(7, '198.51.100.2')).statusCode).toBe(401);
  });

  it('under a flood of bogus logins from many addresses, a real login from another address still gets in', { timeout: 10_000 }, async () => {
    server = await startServer({ loginRateLimit: { maxPerAddress: 10 } });
    const app = server.app;
    const bogus = (remoteAddress: string, i: number) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email: `flood-${i}@example.com`, password: `guess-${i}` } });
    // One address sending 400 attempts with random emails, and 100 addresses sending one each.
    const fromOne = Array.from({ length: 400 }, (_, i) => bogus('203.0.113.1', i));
    const fromMany = Array.from({ length: 100 }, (_, i) => bogus(`10.0.${i >> 8}.${i & 255}`, 1000 + i));

    // A real client: on 503 it waits as Retry-After says and tries again.
    let res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.7', payload: ADMIN });
    while (res.statusCode === 503) {
      problem(res, 503);
      await new Promise((r) => setTimeout(r, Number(res.headers['retry-after']) * 1000));
      res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.7', payload: ADMIN });
    }
    expect(res.statusCode).toBe(200);

    const one = await Promise.all(fromOne);
    expect(one.filter((r) => r.statusCode === 429)).toHaveLength(390);
    for (const r of one) if (r.statusCode !== 429) expect([401, 503]).toContain(r.statusCode);
    // Password checks beyond what the bounded queue holds are refused at once, with a time to retry.
    const many = await Promise.all(fromMany);
    expect(many.map((r) => r.statusCode)).toContain(503);
    for (const r of many) {
      if (r.statusCode === 401) continue;
      problem(r, 503);
      expect(r.headers['retry-after']).toBe('1');
    }
  });
});

describe('session tokens', () => {
  it('accepts a token the server signed and refuses forged, expired and wrong-algorithm ones', async () => {
    server = await startServer({ jwtSecret: JWT_SECRET });
    const sub = await adminId(server);
    // The real time, not the app's held clock: @fastify/jwt stamps and checks sessions with it.
    const now = Math.floor(Date.now() / 1000);
    const get = (token: string) => server!.call({ method: 'GET', url: '/api/v1/people', token });

    expect((await get(forgeJwt({ sub, sv: 0, iat: now, exp: now + 60 }, JWT_SECRET))).statusCode).toBe(200);
    problem(await get(forgeJwt({ sub, sv: 0, iat: now, exp: now + 60 }, 'another-secret')), 401);
    problem(await get(forgeJwt({ sub, sv: 0, iat: now - 120, exp: now - 60 }, JWT_SECRET)), 401);
    problem(await get(forgeJwt({ sub, sv: 0, iat: now, exp: now + 60 }, JWT_SECRET, 'HS512')), 401);
    // Older than the session lifetime even though exp was pushed far out: maxAge refuses it.
    problem(await get(forgeJwt({ sub, sv: 0, iat: now - 13 * 3600, exp: now + 3600 }, JWT_SECRET)), 401);
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.`;
    problem(await get(none), 401);
    problem(await get('garbage'), 401);
  });

  it('refuses signed tokens that never expire, claim to be issued in the future, or lack a session version', async () => {
    server = await startServer({ jwtSecret: JWT_SECRET });
    const sub = await adminId(server);
    // The real time, not the app's held clock: @fastify/jwt stamps and checks sessions with it.
    const now = Math.floor(Date.now() / 1000);
    const get = (token: string) => server!.call({ method: 'GET', url: '/api/v1/people', token });

    // No exp: it would never expire.
    problem(await get(forgeJwt({ sub, sv: 0, iat: now }, JWT_SECRET)), 401);
    // No iat: maxAge could not be checked.
    problem(await get(forgeJwt({ sub, sv: 0, exp: now + 60 }, JWT_SECRET)), 401);
    // An iat an hour ahead would stretch maxAge by that hour.
    problem(await get(forgeJwt({ sub, sv: 0, iat: now + 3600, exp: now + 7200 }, JWT_SECRET)), 401);
    problem(await get(forgeJwt({ sub, sv: 0, iat: 'soon', exp: now + 60 }, JWT_SECRET)), 401);
    // No session version, or one the user does not have.
    problem(await get(forgeJwt({ sub, iat: now, exp: now + 60 }, JWT_SECRET)), 401);
    problem(await get(forgeJwt({ sub, sv: 1, iat: now, exp: now + 60 }, JWT_SECRET)), 401);
    problem(await get(forgeJwt({ sub, sv: '0', iat: now, exp: now + 60 }, JWT_SECRET)), 401);
    // A clock a little ahead of ours is tolerated.
    expect((await get(forgeJwt({ sub, sv: 0, iat: now + 30, exp: now + 90 }, JWT_SECRET))).statusCode).toBe(200);
  });

  it('a password reset ends every session of that user, and only theirs', async () => {
    server = await startServer();
    const viewerToken = await createViewer(server);
    const viewer = (await server.call({ method: 'GET', url: '/api/v1/auth/me', token: viewerToken })).json();
    const secondSession = await login(server.app, 'viewer@example.com', 'viewer-password');

    // A name change ends nothing.
    expect((await server.call({ method: 'PATCH', url: `/api/v1/users/${viewer.id}`, payload: { name: 'V' } })).statusCode).toBe(200);
    expect((await server.call({ method: 'GET', url: '/api/v1/people', token: viewerToken })).statusCode).toBe(200);

    expect((await server.call({ method: 'PATCH', url: `/api/v1/users/${viewer.id}`, payload: { password: 'new-viewer-password' } })).statusCode).toBe(200);
    problem(await server.call({ method: 'GET', url: '/api/v1/people', token: viewerToken }), 401);
    problem(await server.call({ method: 'GET', url: '/api/v1/people', token: secondSession }), 401);
    // The admin who reset it is still signed in; the viewer signs in with the new password.
    expect((await server.call({ method: 'GET', url: '/api/v1/people' })).statusCode).toBe(200);
    const fresh = await login(server.app, 'viewer@example.com', 'new-viewer-password');
    expect((await server.call({ method: 'GET', url: '/api/v1/people', token: fresh })).statusCode).toBe(200);

    const entry = (await server.call({ method: 'GET', url: '/api/v1/audit?resource=user&limit=1' })).json().items[0];
    expect(entry.summary.after).toMatchObject({ password: 'reset', sessions: 'ended' });
  });

  it('an admin resetting their own password ends their own sessions too', async () => {
    server = await startServer();
    const id = await adminId(server);
    const other = await login(server.app, ADMIN.email, ADMIN.password);
    expect((await server.call({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { password: 'a-new-admin-password' } })).statusCode).toBe(200);
    problem(await server.call({ method: 'GET', url: '/api/v1/people' }), 401);
    problem(await server.call({ method: 'GET', url: '/api/v1/people', token: other }), 401);
    expect(await login(server.app, ADMIN.email, 'a-new-admin-password')).toMatch(/^ey/);
  });

  it('stops working for a deleted user, and a role change applies at once', async () => {
    server = await startServer();
    const viewerToken = await createViewer(server);
    const viewer = (await server.call({ method: 'GET', url: '/api/v1/auth/me', token: viewerToken })).json();
    expect(viewer.role).toBe('viewer');

    problem(await server.call({ method: 'PUT', url: '/api/v1/people/x', token: viewerToken, payload: { name: 'X' } }), 403);
    await server.call({ method: 'PATCH', url: `/api/v1/users/${viewer.id}`, payload: { role: 'admin' } });
    expect((await server.call({ method: 'PUT', url: '/api/v1/people/x', token: viewerToken, payload: { name: 'X' } })).statusCode).toBe(201);

    expect((await server.call({ method: 'DELETE', url: `/api/v1/users/${viewer.id}` })).statusCode).toBe(204);
    problem(await server.call({ method: 'GET', url: '/api/v1/people', token: viewerToken }), 401);
  });
});

describe('session secret rotation', () => {
  const rotate = (s: TestServer, token?: string | null) => s.call({ method: 'POST', url: '/api/v1/admin/session-secret/rotate', token });
  const storedSecret = async (s: TestServer) => String((await s.query("select value from settings where key = 'jwt-secret'"))[0]!.value);

  it('ends every session at once, keeps API tokens, and the new secret survives a restart', async () => {
    server = await startServer();
    const viewerToken = await createViewer(server);
    const apiToken = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'pager', scope: 'read' } })).json().token;
    const oldSecret = await storedSecret(server);
    const adminToken = server.token;

    const res = await rotate(server);
    expect(res.statusCode).toBe(204);
    expect(await storedSecret(server)).not.toBe(oldSecret);
    problem(await server.call({ method: 'GET', url: '/api/v1/people', token: adminToken }), 401);
    problem(await server.call({ method: 'GET', url: '/api/v1/people', token: viewerToken }), 401);
    expect((await server.call({ method: 'GET', url: '/api/v1/people', token: apiToken })).statusCode).toBe(200);

    // Sessions signed from now on work, here and after a restart (the secret was stored).
    const fresh = await login(server.app, ADMIN.email, ADMIN.password);
    expect((await server.call({ method: 'GET', url: '/api/v1/people', token: fresh })).statusCode).toBe(200);
    await server.restart();
    expect((await server.call({ method: 'GET', url: '/api/v1/people', token: fresh })).statusCode).toBe(200);

    // Audited, without the secret.
    const audit = await server.call({ method: 'GET', url: '/api/v1/audit?resource=setting' });
    expect(audit.json().items).toEqual([expect.objectContaining({ action: 'update', resourceId: 'jwt-secret' })]);
    expect(audit.body).not.toContain(await storedSecret(server));
    expect(audit.body).not.toContain(oldSecret);
  });

  it('is for admins only, and refused with 409 when ROTA_JWT_SECRET pins the secret', async () => {
    server = await startServer();
    const viewerToken = await createViewer(server);
    problem(await rotate(server, viewerToken), 403);
    problem(await rotate(server, null), 401);
    await server.close();

    server = await startServer({ jwtSecret: JWT_SECRET });
    const refused = problem(await rotate(server), 409);
    expect(refused.detail).toContain('ROTA_JWT_SECRET');
    // Nothing ended.
    expect((await server.call({ method: 'GET', url: '/api/v1/people' })).statusCode).toBe(200);
  });

  it('is described in the OpenAPI document', async () => {
    server = await startServer();
    const doc = (await server.call({ method: 'GET', url: '/openapi.json', token: null })).json();
    const op = doc.paths['/api/v1/admin/session-secret/rotate'].post;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['204', '401', '403', '409']));
  });
});

describe('credentials on every /api/v1 route', () => {
  it('answers 401 problem+json without credentials on every route but login', async () => {
    server = await startServer();
    const doc = (await server.call({ method: 'GET', url: '/openapi.json', token: null })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/') || path === '/api/v1/auth/login') continue;
      for (const method of Object.keys(ops)) {
        if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
        const url = path.replace(/\{[^}]+\}/g, 'some-id');
        const res = await server.call({ method: method.toUpperCase() as 'GET', url, token: null, payload: method === 'get' || method === 'delete' ? undefined : {} });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        problem(res, 401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('refuses a malformed Authorization header', async () => {
    server = await startServer();
    problem(await server.call({ method: 'GET', url: '/api/v1/people', token: null, headers: { authorization: 'Basic YWRtaW46eA==' } }), 401);
    problem(await server.call({ method: 'GET', url: '/api/v1/people', token: null, headers: { authorization: 'Bearer' } }), 401);
  });
});

describe('API tokens', () => {
  it('creates a token shown once, lists it without its secret, and records lastUsedAt at most once a minute', async () => {
    const clock = movableClock('2026-06-01T12:00:00Z');
    server = await startServer({ now: clock.now });
    const created = await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'alertmanager', scope: 'read' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^rota_[A-Za-z0-9_-]{43}$/);
    expect(created.headers['cache-control']).toBe('no-store');

    const before = (await server.call({ method: 'GET', url: '/api/v1/api-tokens' })).json().items;
    expect(before).toEqual([expect.objectContaining({ id, name: 'alertmanager', scope: 'read', createdAt: '2026-06-01T12:00:00.000Z', lastUsedAt: null })]);
    expect(JSON.stringify(before)).not.toContain(token);

    const lastUsedAfter = async (at: string) => {
      clock.set(at);
      expect((await server!.call({ method: 'GET', url: '/api/v1/people', token })).statusCode).toBe(200);
      return (await server!.call({ method: 'GET', url: '/api/v1/api-tokens' })).json().items[0].lastUsedAt;
    };
    expect(await lastUsedAfter('2026-06-01T12:10:00Z')).toBe('2026-06-01T12:10:00.000Z');
    // Polling within the minute stays a read.
    expect(await lastUsedAfter('2026-06-01T12:10:59.999Z')).toBe('2026-06-01T12:10:00.000Z');
    expect(await lastUsedAfter('2026-06-01T12:11:00Z')).toBe('2026-06-01T12:11:00.000Z');
  });

  it('stores only a hash of the secret', async () => {
    server = await startServer();
    const { token } = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'ci', scope: 'admin' } })).json();
    const rows = await server.query('select * from api_tokens');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token.slice(5));
  });

  it('a read token reads and gets 403 on writes; an admin token writes', async () => {
    server = await startServer();
    const read = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'r', scope: 'read' } })).json().token;
    const admin = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'a', scope: 'admin' } })).json().token;
    expect((await server.call({ method: 'GET', url: '/api/v1/people', token: read })).statusCode).toBe(200);
    problem(await server.call({ method: 'PUT', url: '/api/v1/people/bob', token: read, payload: { name: 'Bob' } }), 403);
    problem(await server.call({ method: 'POST', url: '/api/v1/api-tokens', token: read, payload: { name: 'x', scope: 'admin' } }), 403);
    expect((await server.call({ method: 'PUT', url: '/api/v1/people/bob', token: admin, payload: { name: 'Bob' } })).statusCode).toBe(201);
  });

  it('a revoked token answers 401', async () => {
    server = await startServer();
    const { id, token } = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'old', scope: 'read' } })).json();
    expect((await server.call({ method: 'DELETE', url: `/api/v1/api-tokens/${id}` })).statusCode).toBe(204);
    problem(await server.call({ method: 'GET', url: '/api/v1/people', token }), 401);
    problem(await server.call({ method: 'DELETE', url: `/api/v1/api-tokens/${id}` }), 404);
  });

  it('a guessed token answers 401', async () => {
    server = await startServer();
    problem(await server.call({ method: 'GET', url: '/api/v1/people', token: `rota_${'A'.repeat(43)}` }), 401);
  });

  it('secrets never reach the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } });
    server = await startServer({ logger: { level: 'trace', stream } });
    const { token } = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'logged', scope: 'read' } })).json();
    await server.call({ method: 'GET', url: '/api/v1/people', token });
    await server.call({ method: 'GET', url: '/api/v1/api-tokens' });
    const firstSession = server.token;
    expect((await server.call({ method: 'POST', url: '/api/v1/admin/session-secret/rotate' })).statusCode).toBe(204);
    const session = await login(server.app, ADMIN.email, ADMIN.password);
    const log = lines.join('\n');
    expect(log).toContain('/api/v1/api-tokens');
    expect(log).toContain('/api/v1/admin/session-secret/rotate');
    expect(log).not.toContain(token);
    expect(log).not.toContain(firstSession);
    expect(log).not.toContain(session);
    expect(log).not.toContain(ADMIN.password);
    const [secret] = await server.query("select value from settings where key = 'jwt-secret'");
    expect(log).not.toContain(String(secret!.value));
  });
});

describe('users', () => {
  it('creates, lists without password hashes, resets a password, and refuses duplicates', async () => {
    server = await startServer();
    const created = await server.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'Bob@Example.com', name: 'Bob', role: 'viewer', password: 'first-password' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'bob@example.com', role: 'viewer' });
    problem(await server.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'bob@example.com', name: 'Bob 2', role: 'viewer', password: 'another-password' } }), 409);

    const list = await server.call({ method: 'GET', url: '/api/v1/users' });
    expect(list.json().items).toHaveLength(2);
    expect(list.body).not.toMatch(/scrypt|password/i);

    const id = created.json().id;
    expect((await server.call({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { password: 'second-password' } })).statusCode).toBe(200);
    await expect(login(server.app, 'bob@example.com', 'first-password')).rejects.toThrow(/401/);
    expect(await login(server.app, 'bob@example.com', 'second-password')).toMatch(/^ey/);
  });

  it('validates input and answers 404 for unknown users', async () => {
    server = await startServer();
    const bad = problem(await server.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'not-an-email', name: '', role: 'root', password: 'short' } }), 400);
    expect(bad.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['/email', '/name', '/role', '/password']));
    problem(await server.call({ method: 'PATCH', url: '/api/v1/users/usr-nobody', payload: { role: 'viewer' } }), 404);
    problem(await server.call({ method: 'DELETE', url: '/api/v1/users/usr-nobody' }), 404);
  });

  it('never leaves the server without an admin', async () => {
    server = await startServer();
    const id = await adminId(server);
    problem(await server.call({ method: 'DELETE', url: `/api/v1/users/${id}` }), 409);
    problem(await server.call({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { role: 'viewer' } }), 409);
  });

  it('is for admins only: a viewer cannot list or create users', async () => {
    server = await startServer();
    const viewerToken = await createViewer(server);
    problem(await server.call({ method: 'GET', url: '/api/v1/users', token: viewerToken }), 403);
    problem(await server.call({ method: 'POST', url: '/api/v1/users', token: viewerToken, payload: { email: 'x@example.com', name: 'X', role: 'admin', password: 'password-x' } }), 403);
    problem(await server.call({ method: 'GET', url: '/api/v1/api-tokens', token: viewerToken }), 403);
  });
});
