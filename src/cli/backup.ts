/**
 * `npm run backup -- FILE`: a consistent copy of ROTA_DB (default ./data/rota.db) taken with
 * SQLite's online backup API, so the server may keep running; the copy is integrity-checked.
 * On PostgreSQL (ROTA_DATABASE_URL) FILE is a Rota dump instead: every row of every table, read
 * in one consistent view while the instances keep serving (src/portability/dump-file.ts).
 */
import Database from 'better-sqlite3';
import { configFromEnv } from '../config.js';
import { describeUrl, openPostgres } from '../db/postgres.js';
import { snapshotTo } from '../portability/backup.js';
import { writeDump } from '../portability/dump-file.js';

const dest = process.argv[2];
if (!dest) {
  console.error('usage: npm run backup -- FILE');
  process.exit(2);
}
const { dbPath, databaseUrl } = configFromEnv();

async function dumpPostgres(url: string): Promise<string> {
  const database = await openPostgres(url);
  try {
    const rows = await writeDump(database, dest!, Date.now());
    return `backed up PostgreSQL at ${describeUrl(url)} to ${dest} (a Rota dump of ${rows} rows; npm run restore loads it into an empty database)`;
  } finally {
    await database.close();
  }
}

async function copySqlite(): Promise<string> {
  // Not openDatabase: a backup must not run migrations or otherwise write to the source.
  const source = new Database(dbPath, { fileMustExist: true, timeout: 5000 });
  try {
    await snapshotTo(source, dest!);
  } finally {
    source.close();
  }
  return `backed up ${dbPath} to ${dest} (integrity_check ok)`;
}

try {
  console.log(databaseUrl ? await dumpPostgres(databaseUrl) : await copySqlite());
} catch (err) {
  console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
