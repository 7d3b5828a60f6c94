/**
 * A user changes their own password (POST /api/v1/auth/password): the current password is
 * required, the new one follows the password rule, every session of the user ends and the
 * caller gets a new one, attempts are limited as sign-ins are, and no password reaches a log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, login, logCapture, problem, startServer, type TestServer } from '../helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const NEW_PASSWORD = 'a much better passphrase';

function change(s: TestServer, body: Record<string, unknown>, token?: string | null) {
  return s.call({ method: 'POST', url: '/api/v1/auth/password', payload: body, token });
}

function signIn(s: TestServer, email: string, password: string) {
  return s.call({ method: 'POST', url: '/api/v1/auth/login', token: null, payload: { email, password } });
}

describe('changing your own password', () => {
  it('ends every session of the user, answers a new one, and swaps the passwords', async () => {
    server = await startServer();
    const otherSession = await login(server.app, ADMIN.email, ADMIN.password);
    const res = await change(server, { currentPassword: ADMIN.password, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { token, user } = res.json();
    expect(user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(res.body).not.toMatch(/scrypt|passwordHash|sessionVersion/);

    // The answered token works; the caller's old one and any other session of the user do not.
    expect((await server.call({ method: 'GET', url: '/api/v1/auth/me', token })).json().email).toBe(ADMIN.email);
    for (const ended of [server.token, otherSession]) {
      expect(problem(await server.call({ method: 'GET', url: '/api/v1/auth/me', token: ended }), 401).detail).toMatch(/sign in again/);
    }
    problem(await signIn(server, ADMIN.email, ADMIN.password), 401);
    expect((await signIn(server, ADMIN.email, NEW_PASSWORD)).statusCode).toBe(200);

    // The audit trail says so, without either password.
    const audit = await server.call({ method: 'GET', url: '/api/v1/audit?resource=user', token });
    const entry = audit.json().items.find((e: { action: string }) => e.action === 'update');
    expect(entry).toMatchObject({ actor: { type: 'user', label: ADMIN.email }, summary: { after: { password: 'reset', sessions: 'ended' } } });
    expect(audit.body).not.toContain(ADMIN.password);
    expect(audit.body).not.toContain(NEW_PASSWORD);
  });

  it('refuses a wrong current password with a 400 naming /currentPassword, and changes nothing', async () => {
    server = await startServer();
    const body = problem(await change(server, { currentPassword: 'not my password', newPassword: NEW_PASSWORD }), 400);
    expect(body.errors).toEqual([{ path: '/currentPassword', message: 'is not your current password' }]);
    // Still signed in, with the same password.
    expect((await server.call({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    expect((await signIn(server, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
    problem(await signIn(server, ADMIN.email, NEW_PASSWORD), 401);
  });

  it('refuses a new password under 8 characters, or missing fields, naming them', async () => {
    server = await startServer();
    const short = problem(await change(server, { currentPassword: ADMIN.password, newPassword: 'short' }), 400);
    expect(short.errors).toEqual([expect.objectContaining({ path: '/newPassword', message: expect.stringMatching(/8 characters/) })]);
    const missing = problem(await change(server, { newPassword: NEW_PASSWORD }), 400);
    expect(missing.errors).toEqual([expect.objectContaining({ path: '/currentPassword' })]);
    expect((await signIn(server, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
  });

  it('is open to viewers for their own account, and closed to API tokens, which have no password', async () => {
    server = await startServer();
    await server.call({ method: 'POST', url: '/api/v1/users', payload: { email: 'vic@example.com', name: 'Vic', role: 'viewer', password: 'viewer-pass-1' } });
    const viewer = await login(server.app, 'vic@example.com', 'viewer-pass-1');
    const res = await change(server, { currentPassword: 'viewer-pass-1', newPassword: NEW_PASSWORD }, viewer);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: 'vic@example.com', role: 'viewer' });
    expect((await signIn(server, 'vic@example.com', NEW_PASSWORD)).statusCode).toBe(200);
    // The admin's password is untouched.
    expect((await signIn(server, ADMIN.email, ADMIN.password)).statusCode).toBe(200);

    const created = await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'ci', scope: 'admin' } });
    problem(await change(server, { currentPassword: ADMIN.password, newPassword: NEW_PASSWORD }, created.json().token), 403);
    problem(await change(server, { currentPassword: ADMIN.password, newPassword: NEW_PASSWORD }, null), 401);
  });

  it('limits guesses at the current password as sign-ins are limited: 429 with Retry-After', async () => {
    server = await startServer({ loginRateLimit: { max: 3, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await change(server, { currentPassword: `guess-${i}`, newPassword: NEW_PASSWORD })).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    const limited = await change(server, { currentPassword: ADMIN.password, newPassword: NEW_PASSWORD });
    expect(problem(limited, 429).detail).toMatch(/too many password attempts/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('writes neither password to the log', async () => {
    const log = logCapture('trace');
    server = await startServer({ logger: log.logger });
    expect((await change(server, { currentPassword: ADMIN.password, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
    problem(await change(server, { currentPassword: 'a wrong one', newPassword: NEW_PASSWORD }, null), 401);
    expect(log.lines.length).toBeGreaterThan(0);
    const text = log.lines.join('');
    expect(text).not.toContain(ADMIN.password);
    expect(text).not.toContain(NEW_PASSWORD);
    expect(text).not.toContain('a wrong one');
  });
});
