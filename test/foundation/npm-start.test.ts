/**
 * `npm start` as a process. Against a database it must not serve — corrupt, not a database, not
 * writable, in a folder it cannot create — the server it runs (build/server.js) exits with code 1
 * and one line on stderr saying why, never a stack trace. Started well, it answers /healthz
 * within 3 s, warns once about what it guesses, prints a generated admin password once on its own
 * lines, and SIGTERM or SIGINT stops everything it started.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, appWithConnection } from '../helpers.js';
import { freePort } from '../durability/child-server.js';
import { ensureBuilt, isRunning, npmStart, ROOT, type NpmStart } from '../installed.js';

/** Root may write any file whatever its mode: run the server as nobody so modes mean what they say. */
const AS_ROOT = process.getuid?.() === 0;
const SERVER_USER = AS_ROOT ? { uid: 65534, gid: 65534 } : {};

/**
 * nobody must reach the checkout to run it: a clone in a private folder (mktemp -d is 0700) gets
 * search permission for others on its folders while these tests run, and its modes back after.
 */
const opened: { path: string; mode: number }[] = [];
beforeAll(async () => {
  await ensureBuilt();
  if (!AS_ROOT) return;
  for (let p = ROOT; ; p = dirname(p)) {
    const { mode } = statSync(p);
    if ((mode & 0o001) === 0) {
      opened.push({ path: p, mode: mode & 0o7777 });
      chmodSync(p, (mode & 0o7777) | 0o001);
    }
    if (p === dirname(p)) break;
  }
}, 180_000);
afterAll(() => {
  for (const { path, mode } of opened) chmodSync(path, mode);
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rota-refuse-'));
  handOver(dir);
});
afterEach(() => {
  // Without root, a folder the test locked must be opened again before its files can go.
  if (existsSync(join(dir, 'locked'))) chmodSync(join(dir, 'locked'), 0o700);
  rmSync(dir, { recursive: true, force: true });
});

/** Gives `path` to the account the server runs as. */
function handOver(path: string): void {
  if (AS_ROOT) chownSync(path, 65534, 65534);
}

/** A sound Rota database with some rows, as a closed file. */
async function soundDatabase(path: string): Promise<void> {
  const { app, sqlite } = await appWithConnection({ dbPath: path, adminEmail: ADMIN.email, adminPassword: ADMIN.password, logger: false });
  const insert = sqlite.prepare('insert into people (id, name, created_at, updated_at) values (?, ?, 0, 0)');
  for (let k = 0; k < 1500; k++) insert.run(`p-${k}`, `Person ${k} ${'x'.repeat(150)}`);
  await app.close();
  for (const p of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      handOver(p);
    } catch {
      // -wal and -shm are gone once the last connection closed
    }
  }
}

/**
 * Runs the server as `npm start` does (node build/server.js; here directly, to run it as another
 * user) on `dbPath` until it exits: by itself, or once `/healthz` answered when `stopWhenUp`
 * (SIGTERM), or after 40 s (then it was serving when it should not, and is killed).
 */
async function start(dbPath: string, stopWhenUp = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['build/server.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ROTA_DB: dbPath, ROTA_ADMIN_EMAIL: ADMIN.email, ROTA_ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'info' },
    ...SERVER_USER,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  if (stopWhenUp) {
    void (async () => {
      while (child.exitCode === null) {
        const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        if (up) return void child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
  }
  const code = await exited;
  clearTimeout(timer);
  return { code, stdout, stderr };
}

async function expectRefusal(dbPath: string, reason: RegExp) {
  const { code, stdout, stderr } = await start(dbPath);
  expect(stderr).toMatch(/^rota: could not start: .+\n$/);
  expect(stderr).toMatch(reason);
  expect(stdout).not.toMatch(/\n\s+at /);
  expect(code).toBe(1);
}

describe('npm start refuses, in one line and exit code 1,', { timeout: 90_000 }, () => {
  it('a corrupt database', async () => {
    const db = join(dir, 'rota.db');
    await soundDatabase(db);
    const bytes = readFileSync(db);
    bytes.fill(0x5a, Math.floor(bytes.length / 2), bytes.length - 4096);
    writeFileSync(db, bytes);
    await expectRefusal(db, /the database .*rota\.db is corrupt .*restore a backup/);
  });

  it('a file that is not a database', async () => {
    const db = join(dir, 'notes.txt');
    writeFileSync(db, 'shopping list: milk, eggs\n'.repeat(100));
    handOver(db);
    await expectRefusal(db, /notes\.txt is not a SQLite database/);
  });

  it('a database it may not write', async () => {
    const db = join(dir, 'rota.db');
    await soundDatabase(db);
    chmodSync(db, 0o400);
    await expectRefusal(db, /cannot write the database .*rota\.db/);
  });

  it('a database in a folder it may not write', async () => {
    const folder = join(dir, 'locked');
    mkdirSync(folder);
    handOver(folder);
    await soundDatabase(join(folder, 'rota.db'));
    chmodSync(folder, 0o500);
    await expectRefusal(join(folder, 'rota.db'), /cannot write the database .*locked\/rota\.db or its folder/);
  });

  it('a missing folder it cannot create', async () => {
    const folder = join(dir, 'locked');
    mkdirSync(folder, { mode: 0o500 });
    handOver(folder);
    chmodSync(folder, 0o500);
    await expectRefusal(join(folder, 'data', 'rota.db'), /cannot create the folder .*locked\/data of the database/);
  });

  it('an invalid setting', async () => {
    const previous = process.env.ROTA_PUBLIC_URL;
    process.env.ROTA_PUBLIC_URL = 'rota.example.com';
    try {
      await expectRefusal(join(dir, 'rota.db'), /ROTA_PUBLIC_URL must be an http\(s\) URL/);
    } finally {
      if (previous === undefined) delete process.env.ROTA_PUBLIC_URL;
      else process.env.ROTA_PUBLIC_URL = previous;
    }
  });
});

describe('npm start, started well,', { timeout: 90_000 }, () => {
  it('warns once that feed URLs follow the Host header while ROTA_PUBLIC_URL is unset', async () => {
    const previous = process.env.ROTA_PUBLIC_URL;
    delete process.env.ROTA_PUBLIC_URL;
    try {
      const { code, stdout, stderr } = await start(join(dir, 'rota.db'), true);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const warnings = stdout.split('\n').filter((l) => l.includes('ROTA_PUBLIC_URL'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, msg: expect.stringMatching(/Host header/) });
    } finally {
      if (previous !== undefined) process.env.ROTA_PUBLIC_URL = previous;
    }
  });
});

describe('npm start on an installed checkout', { timeout: 90_000 }, () => {
  let running: NpmStart | undefined;
  afterEach(() => {
    // Whatever a failed test left running (a server npm did not stop, in the group or not).
    for (const pid of running?.tree.filter(isRunning) ?? []) process.kill(pid, 'SIGKILL');
    running = undefined;
  });
  const withAdmin = () => ({ ROTA_DB: join(dir, 'rota.db'), ROTA_ADMIN_EMAIL: ADMIN.email, ROTA_ADMIN_PASSWORD: ADMIN.password });

  /** Resolves with npm's exit once it has exited, or fails after 15 s. */
  async function exitOf(started: NpmStart) {
    const timeout = new Promise<never>((_, fail) => setTimeout(() => fail(new Error('npm start still running 15 s after the signal')), 15_000).unref());
    return Promise.race([started.exited, timeout]);
  }

  function listening(base: string): Promise<boolean> {
    const { hostname, port } = new URL(base);
    return new Promise((done) => {
      const socket = connect(Number(port), hostname);
      socket.once('connect', () => (socket.destroy(), done(true)));
      socket.once('error', () => done(false));
    });
  }

  it('answers /healthz within 3 s of being started (spec §12), running compiled JavaScript', async () => {
    running = await npmStart(withAdmin());
    const commands = running.tree.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    expect(commands.some((c) => c.includes('build/server.js'))).toBe(true);
    expect(commands.join('\n')).not.toMatch(/tsx|\.ts\b/);
    // The bound is for the start itself. Tests share a 2-core machine with other test files (and
    // the server with its own compute worker), so the wall-clock time also holds whatever time
    // npm's and the server's main threads stood ready while the CPU ran something else; that
    // wait, read from the kernel, is taken off. Measured on the development machine: 1.6 s so
    // counted at any load, 1.7–1.8 s wall clock idle, 2.5–3 s at a load of 4 (compiling with tsx
    // at every start: 2.3–2.9 s counted, 3.4–4.1 s wall clock idle, 5.4–6.2 s at a load of 4).
    const ownMs = running.msToHealthy - running.msWaitingForCpu;
    expect(ownMs, `${Math.round(running.msToHealthy)} ms wall clock, ${Math.round(running.msWaitingForCpu)} ms of it waiting for a CPU`).toBeLessThan(3000);
  });

  for (const [signal, to] of [
    ['SIGTERM', 'npm'],
    ['SIGINT', 'npm'],
    // Ctrl-C in a terminal: npm and the server both get SIGINT, and npm passes its own on too.
    ['SIGINT', 'the process group, as Ctrl-C does'],
  ] as const) {
    it(`stops everything on ${signal} to ${to}: nothing listening, no process left, the database closed`, async () => {
      running = await npmStart(withAdmin());
      const { npm, base, tree } = running;
      expect(tree.length).toBeGreaterThanOrEqual(2);
      expect(existsSync(join(dir, 'rota.db-wal'))).toBe(true);
      process.kill(to === 'npm' ? npm.pid! : -npm.pid!, signal);
      expect(await exitOf(running)).toEqual({ code: 0, signal: null });
      expect(tree.filter(isRunning)).toEqual([]);
      expect(await listening(base)).toBe(false);
      // SQLite removes the WAL when its last connection closes; a process killed before closing leaves it.
      expect(existsSync(join(dir, 'rota.db-wal'))).toBe(false);
      expect(running.output.stdout.split('\n').filter((l) => l.includes('shutting down'))).toHaveLength(1);
      expect(running.output.stderr).toBe('');
    });
  }

  it('prints a generated admin password once, on lines of its own, outside the JSON log', async () => {
    running = await npmStart({ ROTA_DB: join(dir, 'rota.db'), ROTA_ADMIN_EMAIL: '', ROTA_ADMIN_PASSWORD: '' });
    const { stdout, stderr } = running.output;
    const email = /^ {2}email: +(\S+)$/m.exec(stderr)?.[1];
    const password = /^ {2}password: +(\S+)$/m.exec(stderr)?.[1];
    expect(email).toBe('admin@localhost');
    expect(password).toMatch(/^\S{16,}$/);
    expect(stderr).toMatch(/Change it after signing in: "Change password"/);
    const signIn = await fetch(`${running.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(signIn.status).toBe(200);
    // Every line of stdout but npm's "> rota start" banner is a JSON log line; none carries the password.
    const lines = stdout.split('\n').filter((l) => l && !l.startsWith('> '));
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/created the first admin/) }));
    expect(stdout).not.toContain(password);
    process.kill(running.npm.pid!, 'SIGTERM');
    await exitOf(running);
  });
});
