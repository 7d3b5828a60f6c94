/**
 * Rota as a newcomer runs it: the server compiled by `npm install` (build/) and `npm start` as a
 * real process tree (npm → node build/server.js) on a loopback port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './durability/child-server.js';

export const ROOT = resolve(import.meta.dirname, '..');

/**
 * Brings build/ up to date with src/ as `npm install` does (`npm run build:server`, an
 * incremental `tsc -b`: about a second when nothing changed), so a test of the installed start
 * tests the sources it runs beside. Test files run in parallel: one build at a time, the others
 * wait for it (a lock folder; one left by a killed run is taken over after two minutes).
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(tmpdir(), `rota-build-${Buffer.from(ROOT).toString('base64url')}.lock`);
  for (const since = Date.now(); ; ) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statOrNull(lock)?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - since > 300_000) throw new Error(`the build lock ${lock} was not released`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const built = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run build:server failed:\n${built.stdout}${built.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

export interface NpmStart {
  /** The npm process; the server is its child. */
  npm: ChildProcess;
  base: string;
  /** The ids of npm and every process below it, read once the server answered. */
  tree: number[];
  output: { stdout: string; stderr: string };
  /** Milliseconds from spawning `npm start` to the first 200 from /healthz. */
  msToHealthy: number;
  /**
   * Of those, how long the main threads of npm and the server were ready to run but waited for
   * a CPU (Linux schedstat; 0 where it cannot be read): time the machine's other work took.
   */
  msWaitingForCpu: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every process id below `pid`, read from /proc. */
export function descendants(pid: number): number[] {
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => ppidOf(Number(entry)) === pid)
    .map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function ppidOf(pid: number): number | null {
  try {
    // The fields after the command name, which may itself hold spaces or parentheses.
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ')[1]);
  } catch {
    return null;
  }
}

function cpuWaitMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm start` in the checkout with `env` added, in a process group of its own (as a terminal
 * would start it), waiting up to 30 s for /healthz.
 */
export async function npmStart(env: Record<string, string>): Promise<NpmStart> {
  const port = await freePort();
  const began = performance.now();
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  npm.stdout!.on('data', (c) => (output.stdout += c));
  npm.stderr!.on('data', (c) => (output.stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    npm.once('exit', (code, signal) => done({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (npm.exitCode !== null || npm.signalCode !== null) throw new Error(`npm start exited before answering:\n${output.stdout}${output.stderr}`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
    if (performance.now() - began > 30_000) {
      process.kill(-npm.pid!, 'SIGKILL');
      throw new Error(`npm start did not answer /healthz within 30 s:\n${output.stdout}${output.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const msToHealthy = performance.now() - began;
  const tree = [npm.pid!, ...descendants(npm.pid!)];
  // npm runs until the server has started; the server after (sh execs it): their waits add up.
  const msWaitingForCpu = tree.reduce((sum, pid) => sum + cpuWaitMs(pid), 0);
  return { npm, base, tree, output, msToHealthy, msWaitingForCpu, exited };
}
