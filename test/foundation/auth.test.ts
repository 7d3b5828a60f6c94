import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
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
});

describe('session tokens', () => {
  it('accepts a token the server signed and refuses forged, expired and wrong-algorithm ones', async () => {
    server = await startServer({ jwtSecret: JWT_SECRET });
    const sub = await adminId(server);
    const now = Math.floor(Date.now() / 1000);
    const get = (token: string) => server!.call({ method: 'GET', url: '/api/v1/people', token });

    expect((await get(forgeJwt({ sub, iat: now, exp: now + 60 }, JWT_SECRET))).statusCode).toBe(200);
    problem(await get(forgeJwt({ sub, iat: now, exp: now + 60 }, 'another-secret')), 401);
    problem(await get(forgeJwt({ sub, iat: now - 120, exp: now - 60 }, JWT_SECRET)), 401);
    problem(await get(forgeJwt({ sub, iat: now, exp: now + 60 }, JWT_SECRET, 'HS512')), 401);
    // Older than the session lifetime even though exp was pushed far out: maxAge refuses it.
    problem(await get(forgeJwt({ sub, iat: now - 13 * 3600, exp: now + 3600 }, JWT_SECRET)), 401);
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.`;
    problem(await get(none), 401);
    problem(await get('garbage'), 401);
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
  it('creates a token shown once, lists it without its secret, and records lastUsedAt', async () => {
    server = await startServer();
    const created = await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'alertmanager', scope: 'read' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^rota_[A-Za-z0-9_-]{43}$/);

    const before = (await server.call({ method: 'GET', url: '/api/v1/api-tokens' })).json().items;
    expect(before).toEqual([expect.objectContaining({ id, name: 'alertmanager', scope: 'read', lastUsedAt: null })]);
    expect(JSON.stringify(before)).not.toContain(token);

    expect((await server.call({ method: 'GET', url: '/api/v1/people', token })).statusCode).toBe(200);
    const after = (await server.call({ method: 'GET', url: '/api/v1/api-tokens' })).json().items;
    expect(after[0].lastUsedAt).toMatch(/Z$/);
  });

  it('stores only a hash of the secret', async () => {
    server = await startServer();
    const { token } = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'ci', scope: 'admin' } })).json();
    const rows = server.app.repos.sqlite.prepare('select * from api_tokens').all();
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
    const log = lines.join('\n');
    expect(log).toContain('/api/v1/api-tokens');
    expect(log).not.toContain(token);
    expect(log).not.toContain(server.token);
    expect(log).not.toContain(ADMIN.password);
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
