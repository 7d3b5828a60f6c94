/**
 * The static export's writer (spec §15): the three files appear in the folder, public, and are
 * replaced whole — readers during many rewrites, and a writer killed mid-stream, only ever leave
 * an old or a new file behind, never part of one.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { STATUS_FILE_NAMES, writeStatusFiles } from '../../src/delivery/status-files.js';
import { statusVersion } from './versions.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const VERSIONS = [statusVersion(0), statusVersion(1)];
/** Which version `content` of file `name` is whole, or a description of what it is instead. */
const versionOf = (name: (typeof STATUS_FILE_NAMES)[number], content: string) => {
  const v = VERSIONS.findIndex((files) => files[name] === content);
  return v >= 0 ? v : `a partial ${name} of ${content.length} bytes`;
};

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'rota-status-files-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('writes the three files into a folder it creates, readable by all whatever the umask, and leaves no temp file', async () => {
  const dir = join(tmp, 'public', 'status');
  const umask = process.umask(0o077);
  try {
    await writeStatusFiles(dir, { 'index.html': '<!doctype html>', 'status.json': '{}', 'feed.atom': '<feed/>' });
  } finally {
    process.umask(umask);
  }
  for (const name of STATUS_FILE_NAMES) expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o644);
  for (const folder of [dir, join(tmp, 'public')]) expect(statSync(folder).mode & 0o777, folder).toBe(0o755);
  expect(statSync(tmp).mode & 0o777, 'a folder that was there keeps its mode').toBe(0o700);
  expect(readdirSync(dir).sort()).toEqual(['feed.atom', 'index.html', 'status.json']);
  expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('<!doctype html>');
  expect(readFileSync(join(dir, 'status.json'), 'utf8')).toBe('{}');
  expect(readFileSync(join(dir, 'feed.atom'), 'utf8')).toBe('<feed/>');

  // Replacing: an older file of another mode (0600) gives way to a public one.
  chmodSync(join(dir, 'status.json'), 0o600);
  await writeStatusFiles(dir, { 'index.html': 'é', 'status.json': '{"v":2}', 'feed.atom': '<feed>2</feed>' });
  expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('é');
  expect(readFileSync(join(dir, 'status.json'), 'utf8')).toBe('{"v":2}');
  for (const name of STATUS_FILE_NAMES) expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o644);
  expect(readdirSync(dir).sort()).toEqual(['feed.atom', 'index.html', 'status.json']);
});

it('lets readers during many rewrites see a whole old or new file, never part of one', async () => {
  await writeStatusFiles(tmp, VERSIONS[0]!);
  let writing = true;
  const seen: (number | string)[] = [];
  // Reads run on libuv's threads, truly alongside the writes' own.
  const reader = async () => {
    for (let k = 0; writing; k++) {
      const name = STATUS_FILE_NAMES[k % STATUS_FILE_NAMES.length]!;
      seen.push(versionOf(name, await readFile(join(tmp, name), 'utf8')));
    }
  };
  const readers = [reader(), reader(), reader()];
  for (let k = 1; k <= 40; k++) await writeStatusFiles(tmp, VERSIONS[k % 2]!);
  writing = false;
  await Promise.all(readers);

  expect(seen.filter((v) => typeof v === 'string')).toEqual([]);
  expect(new Set(seen)).toEqual(new Set([0, 1]));
  expect(seen.length).toBeGreaterThan(40);
  expect(readdirSync(tmp).sort()).toEqual(['feed.atom', 'index.html', 'status.json']);
});

it('puts the last of writes asked for without waiting on the disk', async () => {
  const writes = Array.from({ length: 12 }, (_, k) => writeStatusFiles(tmp, { 'index.html': `${k}`, 'status.json': `${k}`, 'feed.atom': `${k}` }));
  await Promise.all(writes);
  for (const name of STATUS_FILE_NAMES) expect(readFileSync(join(tmp, name), 'utf8')).toBe('11');
  expect(readdirSync(tmp).sort()).toEqual(['feed.atom', 'index.html', 'status.json']);
});

it('leaves whole files when the writing process is killed mid-stream', { timeout: 30_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/status/rewrite-loop.ts', tmp], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  // Killed after some 30 rewrites, at whatever point of the next one it has reached.
  await new Promise<void>((done) => {
    let lines = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      lines += chunk.toString().split('\n').length - 1;
      if (lines >= 30 && child.exitCode === null && !child.killed) {
        child.kill('SIGKILL');
        done();
      }
    });
  });
  expect(await exited).toBe('SIGKILL');
  for (const name of STATUS_FILE_NAMES) expect(versionOf(name, readFileSync(join(tmp, name), 'utf8'))).toBeTypeOf('number');
  // Only the dead process's hidden temp files can be left beside them; the next write replaces the files as ever.
  expect(readdirSync(tmp).filter((f) => !STATUS_FILE_NAMES.includes(f as never)).every((f) => /^\.[a-z.]+\.\d+\.\d+\.tmp$/.test(f))).toBe(true);
  await writeStatusFiles(tmp, VERSIONS[1]!);
  for (const name of STATUS_FILE_NAMES) expect(versionOf(name, readFileSync(join(tmp, name), 'utf8'))).toBe(1);
});
