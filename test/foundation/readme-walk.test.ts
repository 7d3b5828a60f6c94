/**
 * The README's "Your first rotation, step by step" works as written: its start command's admin
 * is given to a fresh `npm start`, and its other shell blocks run, in order, with bash (errors
 * stop it: `set -euo pipefail`, and curl fails on any HTTP error) — people, a holiday calendar, a
 * schedule with weekday, weekend and holiday layers, who is on call, a feed. Only the server's
 * address is changed, from localhost:3000 to the test's port.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, isRunning, npmStart, ROOT, type NpmStart } from '../installed.js';

const SECTION = '## Your first rotation, step by step';

/** The section's shell blocks: the start command, then the walk. */
function walkFromReadme(): { email: string; password: string; script: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const from = readme.indexOf(`\n${SECTION}\n`);
  if (from === -1) throw new Error(`README.md has no "${SECTION}" section`);
  const end = readme.indexOf('\n## ', from + 1);
  const section = readme.slice(from, end === -1 ? undefined : end);
  const [start, ...walk] = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  const admin = /^ROTA_ADMIN_EMAIL=(\S+) ROTA_ADMIN_PASSWORD='([^']+)' npm start$/m.exec(start ?? '');
  if (!admin) throw new Error(`the section's first block does not start the server with an admin:\n${start}`);
  return { email: admin[1]!, password: admin[2]!, script: walk.join('\n') };
}

function bash(script: string, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** The lines of `stdout` that are JSON objects, parsed. */
function jsonLines(stdout: string): Record<string, any>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

describe("the README's first rotation, run with bash against npm start", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rota-readme-'));
  let server: NpmStart | undefined;

  beforeAll(ensureBuilt, 180_000);
  afterAll(() => {
    for (const pid of server?.tree.filter(isRunning) ?? []) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every command without an error, and ends with a person on call and a feed', async () => {
    const { email, password, script } = walkFromReadme();
    expect(script).toMatch(/^ROTA=http:\/\/localhost:3000$/m);
    server = await npmStart({ ROTA_DB: join(dir, 'rota.db'), ROTA_ADMIN_EMAIL: email, ROTA_ADMIN_PASSWORD: password });
    // In a folder of its own, as a newcomer's second terminal: nothing it does lands in the checkout.
    const work = join(dir, 'terminal');
    mkdirSync(work);
    const run = await bash(script.replace(/^ROTA=http:\/\/localhost:3000$/m, `ROTA=${server.base}`), work);
    // A failing command stops the walk; curl has printed the problem document before it.
    expect(run.stderr, run.stdout).toBe('');
    expect(run.code).toBe(0);

    const answers = jsonLines(run.stdout);
    const people = answers.filter((a) => 'timeZone' in a && 'phone' in a);
    expect(people.map((p) => p.id)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'director']);
    const dates = answers.find((a) => 'dates' in a)!.dates as { date: string; name: string }[];
    expect(dates).toEqual(expect.arrayContaining([
      expect.objectContaining({ date: '2027-03-29', name: 'Easter Monday' }),
      expect.objectContaining({ date: '2027-12-24', name: 'Christmas Eve' }),
    ]));
    const schedule = answers.find((a) => a.id === 'comms')!;
    expect(schedule.layers.map((l: { id: string }) => l.id)).toEqual(['weekdays', 'weekend', 'holidays']);

    // Who is on call: a person of the schedule, as the server answers for that instant.
    const onCall = answers.find((a) => a.schedule === 'comms' && 'source' in a && !('shifts' in a))!;
    expect(onCall.person?.name).toEqual(expect.any(String));
    expect(people.map((p) => p.id)).toContain(onCall.person.id);
    const token = await (await fetch(`${server.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })).json() as { token: string };
    const again = await (await fetch(`${server.base}/api/v1/schedules/comms/oncall?at=${onCall.at}`, { headers: { authorization: `Bearer ${token.token}` } })).json() as { person: { id: string } };
    expect(again.person.id).toBe(onCall.person.id);

    // Two weeks of shifts, every minute held by someone (the fallback leaves no gap).
    const shifts = answers.find((a) => 'shifts' in a)!.shifts as { person: { id: string } | null; source: string }[];
    expect(shifts.length).toBeGreaterThan(1);
    expect(shifts.filter((s) => s.person === null || s.source === 'gap')).toEqual([]);

    // The feed's URL, then events written in the schedule's zone.
    expect(run.stdout).toMatch(new RegExp(`^${server.base}/feeds/\\S+\\.ics$`, 'm'));
    expect(run.stdout).toMatch(/^DTSTART;TZID=Europe\/Berlin:\d{8}T\d{6}$/m);
    expect(run.stdout).toMatch(/^SUMMARY:.+$/m);
  });
});
