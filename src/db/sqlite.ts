/**
 * The SQLite adapter (the embedded default). Opens a private file (0600 in a 0700 folder when
 * Rota creates it) with the pragmas durability depends on, checks it, applies pending drizzle-kit
 * migrations, and serves it through two connections:
 * - the writer, which every write transaction uses, one at a time (an async queue, then BEGIN
 *   IMMEDIATE): better-sqlite3 runs statements synchronously, but a transaction spans awaits,
 *   and while it is open nothing else may run on its connection;
 * - a read-only reader for every other read: in WAL mode it sees committed writes only, never
 *   the half of a transaction still open on the writer.
 * Any failure to open is a DatabaseOpenError whose message is one line that says what is wrong
 * with which file.
 */
import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { changeBus, pendingChanges } from './changes.js';
import { asConflict, DatabaseOpenError, serialQueue, type Database, type Db, type Tables } from './database.js';
import { soleLeader } from './leadership.js';
import { ensurePrivateDir, makePrivateFile, restrictExisting } from './private-files.js';
import * as sqliteTables from './schema/sqlite.js';

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/sqlite');

/** The first row of each table an answer depends on; NOT INDEXED, or SQLite reads a covering index instead. */
const PING_SQL = `select ${['people', 'schedules', 'schedule_versions', 'overrides', 'users', 'escalation_chains']
  .map((t) => `exists (select 1 from ${t} not indexed)`)
  .join(', ')}`;

export interface SqliteDatabase extends Database {
  dialect: 'sqlite';
  /** The connection the server writes with (backups; tests fill its disk or close it). */
  writer: BetterSqlite3.Database;
  /**
   * Runs `use` on the writer while no write transaction is open on it (an online backup taken
   * mid-transaction would copy changes that may yet be rolled back).
   */
  betweenWrites<T>(use: (writer: BetterSqlite3.Database) => Promise<T>): Promise<T>;
}

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
function assertSound(sqlite: BetterSqlite3.Database, file: string): void {
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

/**
 * The repositories are typed against drizzle's PostgreSQL builders (src/db/database.ts). The
 * SQLite builders have the same methods used there, and ./schema/sqlite.ts declares the same
 * columns with the same JS types as ./schema/pg.ts (test/db/schema-parity.test.ts), so the
 * SQLite instance and tables stand in for them: the one cast between the dialects.
 */
function asShared(sqlite: BetterSqlite3.Database): Db {
  return drizzle(sqlite) as unknown as Db;
}
const tables = sqliteTables as unknown as Tables;

function connect(file: string): SqliteDatabase {
  const writer = new BetterSqlite3(file);
  let reader: BetterSqlite3.Database | undefined;
  try {
    // WAL lets readers run beside the writer. better-sqlite3 leaves synchronous at NORMAL in WAL,
    // where a commit may be lost on power failure: FULL fsyncs the WAL on every commit, so an
    // acknowledged write survives kill -9 and power loss alike.
    writer.pragma('journal_mode = WAL');
    writer.pragma('synchronous = FULL');
    writer.pragma('busy_timeout = 5000');
    writer.pragma('foreign_keys = ON');
    // Serving from a damaged file would answer some reads and fail others, and write into it.
    assertSound(writer, file);
    migrate(drizzle(writer), { migrationsFolder });
    reader = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 5000');
  } catch (err) {
    reader?.close();
    writer.close();
    throw err;
  }
  const read = reader;
  const writeDb = asShared(writer);
  const pingStatement = writer.prepare(PING_SQL);
  const writes = serialQueue();
  // One process owns the file: announcing a change is handing it to this process's caches.
  const bus = changeBus();
  const announced = pendingChanges();

  return {
    dialect: 'sqlite',
    tables,
    db: asShared(read),
    writer,
    transaction(work) {
      return writes(async () => {
        writer.exec('BEGIN IMMEDIATE');
        const changes = announced.open(writeDb);
        let result;
        try {
          result = await work(writeDb);
          writer.exec('COMMIT');
        } catch (err) {
          // A failed COMMIT (disk full) may leave the transaction open; a failed statement does not end it.
          if (writer.open && writer.inTransaction) writer.exec('ROLLBACK');
          throw asConflict(err);
        } finally {
          announced.close(writeDb);
        }
        bus.emit(changes);
        return result;
      });
    },
    betweenWrites: (use) => writes(() => use(writer)),
    // One process owns a SQLite file, so the in-process queue is all it takes.
    exclusive: serialQueue(),
    announce: (tx, change) => announced.add(tx, change),
    changes: { subscribe: bus.subscribe },
    leadership: soleLeader(),
    async ping() {
      // On the writer: the connection that must work for the server to be of use.
      try {
        pingStatement.get();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (read.open) read.close();
      if (writer.open) writer.close();
    },
  };
}

export function openSqlite(path: string): SqliteDatabase {
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
