/**
 * `npm run backup -- FILE`: a consistent copy of ROTA_DB (default ./data/rota.db) taken with
 * SQLite's online backup API, so the server may keep running; the copy is integrity-checked.
 * On PostgreSQL (ROTA_DATABASE_URL) it refuses: pg_dump is the tool there.
 */
import Database from 'better-sqlite3';
import { configFromEnv } from '../config.js';
import { snapshotTo } from '../portability/backup.js';

const dest = process.argv[2];
if (!dest) {
  console.error('usage: npm run backup -- FILE');
  process.exit(2);
}
const { dbPath, databaseUrl } = configFromEnv();
if (databaseUrl) {
  console.error('backup: ROTA_DATABASE_URL is set, so the data is in PostgreSQL: back it up with pg_dump (see README, PostgreSQL)');
  process.exit(2);
}

try {
  // Not openDatabase: a backup must not run migrations or otherwise write to the source.
  const source = new Database(dbPath, { fileMustExist: true, timeout: 5000 });
  try {
    await snapshotTo(source, dest);
  } finally {
    source.close();
  }
  console.log(`backed up ${dbPath} to ${dest} (integrity_check ok)`);
} catch (err) {
  console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
