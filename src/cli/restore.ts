/**
 * `npm run restore -- FILE`: replaces ROTA_DB (default ./data/rota.db) with a backup made by
 * `npm run backup` or `POST /api/v1/admin/backup`. Stop the server first; restore refuses
 * while the database is open elsewhere, and refuses a file that fails integrity_check.
 * On PostgreSQL (ROTA_DATABASE_URL) FILE is a Rota dump made by `npm run backup` there, loaded
 * in one transaction into the database, which must be empty (a new one: createdb).
 */
import { configFromEnv } from '../config.js';
import { TargetNotEmptyError } from '../db/dump.js';
import { describeUrl, openPostgres } from '../db/postgres.js';
import { restoreFrom } from '../portability/backup.js';
import { loadDump } from '../portability/dump-file.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run restore -- FILE   (stop the server first)');
  process.exit(2);
}
const { dbPath, databaseUrl } = configFromEnv();

async function loadIntoPostgres(url: string): Promise<string> {
  const database = await openPostgres(url);
  try {
    const counts = await loadDump(file!, database);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    return `restored PostgreSQL at ${describeUrl(url)} from ${file} (${rows} rows); start the servers`;
  } catch (err) {
    if (err instanceof TargetNotEmptyError) {
      throw new Error(`PostgreSQL at ${describeUrl(url)} is not empty: ${err.message}; restore into a new database (createdb) and point ROTA_DATABASE_URL at it`);
    }
    throw err;
  } finally {
    await database.close();
  }
}

function restoreSqlite(): string {
  restoreFrom(file!, dbPath);
  return `restored ${dbPath} from ${file} (integrity_check ok); start the server`;
}

try {
  console.log(databaseUrl ? await loadIntoPostgres(databaseUrl) : restoreSqlite());
} catch (err) {
  console.error(`restore failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
