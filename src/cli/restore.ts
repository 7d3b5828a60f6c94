/**
 * `npm run restore -- FILE`: replaces ROTA_DB (default ./data/rota.db) with a backup made by
 * `npm run backup` or `POST /api/v1/admin/backup`. Stop the server first; restore refuses
 * while the database is open elsewhere, and refuses a file that fails integrity_check.
 * On PostgreSQL (ROTA_DATABASE_URL) FILE is a Rota dump made by `npm run backup` there, loaded
 * in one transaction into the database, which must be empty (a new one: createdb).
 */
import { configFromEnv } from '../config.js';
import { restore } from '../services/backup.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run restore -- FILE   (stop the server first)');
  process.exit(2);
}
const location = configFromEnv();

try {
  const done = await restore(location, file);
  console.log(
    done.backend === 'postgres'
      ? `restored PostgreSQL at ${done.database} from ${file} (${done.rows} rows); start the servers`
      : `restored ${done.file} from ${file} (integrity_check ok); start the server`,
  );
} catch (err) {
  console.error(`restore failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
