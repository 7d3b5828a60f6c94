/**
 * Consistent copies of the SQLite database and putting one back (spec §11). Copies are made with
 * SQLite's online backup API, so the server keeps serving while one is taken, and each copy is
 * checked with `PRAGMA integrity_check` before anyone relies on it. Copies and restored files are
 * 0600, like the database (./private-files.ts). Services call these (src/services/backup.ts,
 * src/services/migrate-to-postgres.ts, the admin backup in src/services/configuration.ts).
 */
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { removeCredentials } from './credentials.js';
import { ensurePrivateDir, fsyncPath, PRIVATE_FILE_MODE, replacePrivateFile } from './private-files.js';

/** What `PRAGMA integrity_check` reports for `file`: [] when it is a sound SQLite database. */
export function integrityProblems(file: string): string[] {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length > 0) return problems;
    // A sound SQLite file that is not a Rota database would "restore" into an empty server.
    const hasAudit = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'audit_log'").get();
    return hasAudit ? [] : ['not a Rota database (no audit_log table)'];
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  } finally {
    db?.close();
  }
}

/**
 * Copies the database behind `source` to `dest` while `source` stays in use, as a standalone
 * file (rollback journal, no -wal beside it), fsynced and integrity-checked, mode 0600.
 * `transform` changes the copy before it is checked. Written to a temp name beside `dest` and
 * renamed, so `dest` is either the old file or a complete copy.
 */
export function snapshotTo(source: Database.Database, dest: string, transform?: (copy: Database.Database) => void): Promise<void> {
  return replacePrivateFile(dest, async (temp) => {
    // The temp file is private before SQLite writes a byte into it (its journal takes the same mode).
    await source.backup(temp);
    const copy = new Database(temp, { fileMustExist: true });
    try {
      // The copy inherits WAL mode; a backup file should stand alone.
      copy.pragma('journal_mode = DELETE');
      transform?.(copy);
    } finally {
      copy.close();
    }
    const problems = integrityProblems(temp);
    if (problems.length > 0) throw new Error(`the copy failed its integrity check: ${problems.join('; ')}`);
  });
}

/**
 * snapshotTo of the database file `source`, which a server may be using. Opened on its own, not
 * with openSqlite: a copy must not run migrations or otherwise write to the source; with
 * `readonly`, SQLite itself refuses any write (the move to PostgreSQL opens its source so).
 */
export async function snapshotFileTo(source: string, dest: string, { readonly = false } = {}): Promise<void> {
  const db = new Database(source, { fileMustExist: true, readonly, timeout: 5000 });
  try {
    await snapshotTo(db, dest);
  } finally {
    db.close();
  }
}

/**
 * The copy `POST /api/v1/admin/backup` hands out: snapshotTo without any credential (see
 * removeCredentials). The complete copy needs file access: `npm run backup`.
 */
export function credentialFreeSnapshotTo(source: Database.Database, dest: string): Promise<void> {
  return snapshotTo(source, dest, removeCredentials);
}

/**
 * Throws when another process has the database open. In WAL mode every open connection keeps a
 * shared lock, so an exclusive lock is only granted when nobody else (a running server) uses it.
 */
function assertNotInUse(dbPath: string): void {
  if (!existsSync(dbPath)) return;
  const db = new Database(dbPath, { fileMustExist: true, timeout: 200 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new Error(`${dbPath} is in use: stop the server first`);
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Replaces the database at `dbPath` with the backup `file`. The server must be stopped (a
 * running one would keep writing to the replaced file), and restore refuses while it runs. Refuses a file that fails
 * integrity_check, leaving the current database untouched.
 */
export function restoreFrom(file: string, dbPath: string): void {
  const target = resolve(dbPath);
  const temp = join(dirname(target), `.${basename(target)}.restore.tmp`);
  assertNotInUse(target);
  ensurePrivateDir(dirname(target));
  try {
    // Check the copy we are about to install, not the source, which could change in between.
    copyFileSync(file, temp);
    // copyFile gives the copy FILE's mode (a download is often 0644).
    chmodSync(temp, PRIVATE_FILE_MODE);
    const problems = integrityProblems(temp);
    if (problems.length > 0) throw new Error(`${file} failed its integrity check: ${problems.join('; ')}`);
    fsyncPath(temp);
    // The old database's WAL must go first: left beside the new file, SQLite would replay its
    // frames onto it. Without them the old file stays a consistent (older) database should we
    // stop right here.
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    renameSync(temp, target);
    fsyncPath(dirname(target));
  } finally {
    rmSync(temp, { force: true });
  }
}
