/**
 * `npm run restore -- FILE`: replaces ROTA_DB (default ./data/rota.db) with a backup made by
 * `npm run backup` or `POST /api/v1/admin/backup`. Stop the server first; restore refuses
 * while the database is open elsewhere, and refuses a file that fails integrity_check.
 * On PostgreSQL (ROTA_DATABASE_URL) it refuses: pg_restore is the tool there.
 */
import { configFromEnv } from '../config.js';
import { restoreFrom } from '../portability/backup.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run restore -- FILE   (stop the server first)');
  process.exit(2);
}
const { dbPath, databaseUrl } = configFromEnv();
if (databaseUrl) {
  console.error('restore: ROTA_DATABASE_URL is set, so the data is in PostgreSQL: restore a pg_dump with pg_restore (see README, PostgreSQL)');
  process.exit(2);
}

try {
  restoreFrom(file, dbPath);
  console.log(`restored ${dbPath} from ${file} (integrity_check ok); start the server`);
} catch (err) {
  console.error(`restore failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
