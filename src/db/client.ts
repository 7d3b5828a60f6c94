/**
 * Opens the one SQLite connection this process uses: a private file (0600 in a 0700 folder when
 * Rota creates it), the pragmas durability depends on, a quick integrity check, then pending
 * drizzle-kit migrations. Any failure is a DatabaseOpenError whose message is one line that
 * says what is wrong with which file.
 */
import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { ensurePrivateDir, makePrivateFile, restrictExisting } from './private-files.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface OpenDatabase {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/** The database cannot be used; the message is meant for the operator, as is. */
export class DatabaseOpenError extends Error {}

/** The error's code as SQLite or the file system names it (SQLITE_CORRUPT, EACCES…). */
function codeOf(err: unknown): string {
  return String((err as { code?: unknown }).code ?? '');
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function describeFailure(file: string, err: unknown): string {
  const code = codeOf(err);
  if (code.startsWith('SQLITE_CORRUPT')) return `the database ${file} is corrupt (${messageOf(err)}): restore a backup with npm run restore`;
  if (code === 'SQLITE_NOTADB') return `${file} is not a SQLite database`;
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || ['EACCES', 'EPERM', 'EROFS'].includes(code)) {
    return `cannot write the database ${file} or its folder (${messageOf(err)}): Rota must be able to write both`;
  }
  return `cannot open the database ${file}: ${messageOf(err)}`;
}

/** `PRAGMA quick_check` (integrity_check without the index cross-checks: one pass over the file). */
function assertSound(sqlite: Database.Database, file: string): void {
  const rows = sqlite.pragma('quick_check') as { quick_check: string }[];
  const problems = rows
    .map((r) => r.quick_check)
    .filter((r) => r !== 'ok')
    // "*** in database main ***\nPage 5: …" → "Page 5: …"
    .map((r) => r.replace(/^\*\*\*[^\n]*\*\*\*\s*/, '').replace(/\s*\n\s*/g, '; '));
  if (problems.length > 0) {
    throw new DatabaseOpenError(`the database ${file} is corrupt (quick_check: ${problems.slice(0, 3).join('; ')}): restore a backup with npm run restore`);
  }
}

function connect(path: string): OpenDatabase {
  const sqlite = new Database(path);
  try {
    // WAL lets readers run beside the writer. better-sqlite3 leaves synchronous at NORMAL in WAL,
    // where a commit may be lost on power failure: FULL fsyncs the WAL on every commit, so an
    // acknowledged write survives kill -9 and power loss alike.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    // Serving from a damaged file would answer some reads and fail others, and write into it.
    assertSound(sqlite, path);
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder });
    return {
      db,
      sqlite,
      close() {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

export function openDatabase(path: string): OpenDatabase {
  if (path === ':memory:') return connect(path);
  const file = resolve(path);
  try {
    ensurePrivateDir(dirname(file));
  } catch (err) {
    throw new DatabaseOpenError(`cannot create the folder ${dirname(file)} of the database: ${messageOf(err)}`);
  }
  try {
    makePrivateFile(file);
    // A -wal/-shm SQLite creates takes the file's mode; these may be left by an older Rota.
    restrictExisting([`${file}-wal`, `${file}-shm`]);
    // SQLite opens a file it may not write read-only, without a word; writes would fail later.
    accessSync(file, constants.W_OK);
    return connect(file);
  } catch (err) {
    if (err instanceof DatabaseOpenError) throw err;
    throw new DatabaseOpenError(describeFailure(file, err));
  }
}
