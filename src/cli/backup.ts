/**
 * `npm run backup -- FILE`: a consistent copy of ROTA_DB (default ./data/rota.db) taken with
 * SQLite's online backup API, so the server may keep running; the copy is integrity-checked.
 * On PostgreSQL (ROTA_DATABASE_URL) FILE is a Rota dump instead: every row of every table, read
 * in one consistent view while the instances keep serving (src/services/backup.ts).
 */
import { configFromEnv } from '../config.js';
import { backUp } from '../services/backup.js';

const dest = process.argv[2];
if (!dest) {
  console.error('usage: npm run backup -- FILE');
  process.exit(2);
}
const location = configFromEnv();

try {
  const done = await backUp(location, dest, Date.now());
  console.log(
    done.backend === 'postgres'
      ? `backed up PostgreSQL at ${done.database} to ${dest} (a Rota dump of ${done.rows} rows; npm run restore loads it into an empty database)`
      : `backed up ${done.file} to ${dest} (integrity_check ok)`,
  );
} catch (err) {
  console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
