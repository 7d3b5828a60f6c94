/**
 * The database, its WAL and its backups hold the session secret and password hashes: only the
 * account Rota runs as may read them. Modes are set with chmod, not left to the umask (a 022
 * umask would make them 0644, world-readable).
 */
import { chmodSync, closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` and any missing parents with mode 0700; folders that exist keep their mode. */
export function ensurePrivateDir(dir: string): void {
  const target = resolve(dir);
  const first = mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first === undefined) return;
  // mkdirSync returns the first folder it created: chmod it and every one below it.
  for (let d = target; ; d = dirname(d)) {
    chmodSync(d, PRIVATE_DIR_MODE);
    if (d === first) break;
  }
}

/**
 * Takes away every permission of the group and others, and adds none (a file its owner made
 * read-only stays read-only). Nothing to do when the file is gone (a -wal removed by the last
 * connection's close) or owned by another account (EPERM: its owner chose the mode).
 */
function restrict(path: string): void {
  try {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw err;
  }
}

/**
 * Creates `path` empty with mode 0600 when missing (SQLite opens an empty file as a new database,
 * and gives the -wal and -shm it creates the database file's mode); otherwise restricts it, as a
 * database created by an older Rota may be 0644.
 */
export function makePrivateFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    restrict(path);
    return;
  }
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/** Restricts those of `paths` that exist (a database's -wal and -shm, left by an older Rota). */
export function restrictExisting(paths: readonly string[]): void {
  for (const p of paths) restrict(p);
}

/** Flushes `path` (a file, or a folder after a rename in it) to the disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the private file `dest` whole or not at all (a backup, a dump): `fill` writes a temp
 * file beside it, created 0600 before a byte goes in, which is then fsynced and renamed over
 * `dest`. A failure or a crash leaves the old `dest` or a complete new one, never part of one.
 */
export async function replacePrivateFile<T>(dest: string, fill: (temp: string) => Promise<T>): Promise<T> {
  const target = resolve(dest);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    makePrivateFile(temp);
    const result = await fill(temp);
    fsyncPath(temp);
    renameSync(temp, target);
    fsyncPath(dirname(target));
    return result;
  } finally {
    rmSync(temp, { force: true });
  }
}
