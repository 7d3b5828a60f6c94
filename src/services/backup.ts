/**
 * `npm run backup` and `npm run restore` (spec §11) on either backend: on SQLite a copy of the
 * database file (src/db/sqlite-backup.ts), on PostgreSQL a Rota dump of every table
 * (./dump-file.ts). The command-line tools call these; the admin endpoint's credential-free copy
 * is the configuration service's.
 */
import type { DatabaseLocation } from '../db/index.js';
import { TargetNotEmptyError } from '../db/dump.js';
import { describeUrl, openPostgres } from '../db/postgres.js';
import { restoreFrom, snapshotFileTo } from '../db/sqlite-backup.js';
import { loadDump, writeDump } from './dump-file.js';

/** What a backup or restore worked on: the SQLite file, or PostgreSQL (named without its password) and the rows of the dump. */
export type BackupOutcome = { backend: 'sqlite'; file: string } | { backend: 'postgres'; database: string; rows: number };

/**
 * Backs up the database at `location` to `dest` while servers keep serving on it: a consistent,
 * integrity-checked copy of the SQLite file, or a Rota dump stamped `dumpedAt` of PostgreSQL.
 */
export async function backUp(location: DatabaseLocation, dest: string, dumpedAt: number): Promise<BackupOutcome> {
  const url = location.databaseUrl;
  if (!url) {
    await snapshotFileTo(location.dbPath, dest);
    return { backend: 'sqlite', file: location.dbPath };
  }
  const database = await openPostgres(url);
  try {
    return { backend: 'postgres', database: describeUrl(url), rows: await writeDump(database, dest, dumpedAt) };
  } finally {
    await database.close();
  }
}

/**
 * Puts the backup `file` back at `location`: replaces the SQLite file (the server stopped; a file
 * that fails integrity_check is refused), or loads a Rota dump into an empty PostgreSQL database
 * in one transaction (a database that holds data, or a file that is not a whole dump, is refused).
 */
export async function restore(location: DatabaseLocation, file: string): Promise<BackupOutcome> {
  const url = location.databaseUrl;
  if (!url) {
    restoreFrom(file, location.dbPath);
    return { backend: 'sqlite', file: location.dbPath };
  }
  const database = await openPostgres(url);
  try {
    const counts = await loadDump(file, database);
    return { backend: 'postgres', database: describeUrl(url), rows: Object.values(counts).reduce((a, b) => a + b, 0) };
  } catch (err) {
    if (err instanceof TargetNotEmptyError) {
      throw new Error(`PostgreSQL at ${describeUrl(url)} is not empty: ${err.message}; restore into a new database (createdb) and point ROTA_DATABASE_URL at it`);
    }
    throw err;
  } finally {
    await database.close();
  }
}
