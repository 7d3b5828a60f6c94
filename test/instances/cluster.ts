/**
 * Several real Rota processes (the compiled server, `node build/server.js`) on one PostgreSQL
 * database of their own, for the `instances` vitest project (spec §12). The servers keep the real
 * time (a compiled server has no held clock): the tests ask about fixed instants in 2030 and
 * give their overrides windows relative to the moment they run only where the coverage
 * guarantee, which looks ahead of the server's now, is what is being tested.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { freePort } from '../durability/child-server.js';
import { ADMIN } from '../helpers.js';
import { ensureBuilt } from '../installed.js';
import { onAdminDatabase, queryTestDatabase, urlOf } from '../postgres.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Instance {
  name: string;
  base: string;
  process: ChildProcess;
  pid: number;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
}

/** A new, empty database (Rota migrates it at start), dropped by `drop`. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rota_i_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onAdminDatabase([`create database "${name}"`]);
  return { url: urlOf(name), drop: () => onAdminDatabase([`drop database if exists "${name}" with (force)`]) };
}

/** `env` is added to the instance's environment (e.g. ROTA_WEBHOOK_ALLOW_PRIVATE). */
export async function startInstance(url: string, name: string, env: Record<string, string> = {}): Promise<Instance> {
  await ensureBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, ['build/server.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ROTA_DATABASE_URL: url,
      ROTA_ADMIN_EMAIL: ADMIN.email,
      ROTA_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance ${name} exited with ${child.exitCode}`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return { name, base, process: child, pid: child.pid!, exited };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`instance ${name} did not answer /healthz within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts `count` instances at once (they race for migrations and the first admin, as a deployment would). */
export function startInstances(url: string, count: number, env: Record<string, string> = {}): Promise<Instance[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => startInstance(url, String.fromCharCode(65 + i), env)));
}

export async function stopAll(instances: readonly Instance[]): Promise<void> {
  for (const i of instances) if (i.process.exitCode === null && i.process.signalCode === null) i.process.kill('SIGKILL');
  await Promise.all(instances.map((i) => i.exited));
}

export interface Answer {
  status: number;
  body: any;
}

/** One API call over HTTP; `token` is a session or API token. */
export async function call(instance: Instance, token: string | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${instance.base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

/** Like `call`, but anything other than a 2xx throws. */
export async function ok(instance: Instance, token: string | null, method: string, path: string, body?: unknown): Promise<any> {
  const answer = await call(instance, token, method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path} on ${instance.name} → ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function signIn(instance: Instance, credentials: { email: string; password: string } = ADMIN): Promise<string> {
  return (await ok(instance, null, 'POST', '/api/v1/auth/login', credentials)).token as string;
}

/**
 * Milliseconds until `seen()` first holds, asking every 10 ms; gives up (returning Infinity)
 * after `giveUpMs`, so a failing assertion says how late rather than timing out.
 */
export async function msUntil(seen: () => Promise<boolean>, giveUpMs = 5_000): Promise<number> {
  const began = performance.now();
  for (;;) {
    if (await seen()) return performance.now() - began;
    if (performance.now() - began > giveUpMs) return Infinity;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The backend pid of an instance's connection of `role` ('listener' or 'leadership'), by its application_name. */
export async function backendOf(url: string, instance: Instance, role: 'listener' | 'leadership'): Promise<number | null> {
  const rows = await queryTestDatabase(url, `select pid from pg_stat_activity where application_name = 'rota ${role} ${instance.pid}'`);
  return rows.length > 0 ? Number(rows[0]!.pid) : null;
}

export async function terminateBackend(url: string, pid: number): Promise<void> {
  await queryTestDatabase(url, `select pg_terminate_backend(${Number(pid)})`);
}

export const people = ['alice', 'bob'];

/** A schedule with no gap: alice and bob a week each, since 2020, in UTC. */
export const covered = {
  name: 'SRE',
  timeZone: 'UTC',
  layers: [{ id: 'all', name: 'All week', participants: ['alice', 'bob'], rotation: { every: 'P1W', start: '2020-01-06T00:00' } }],
};

/** The same on weekdays only: a gap every weekend, unless overrides fill it. */
export const weekdaysOnly = {
  ...covered,
  layers: [{ ...covered.layers[0]!, activeWhen: { weekly: [{ from: 'MO 00:00', to: 'SA 00:00' }] } }],
};
