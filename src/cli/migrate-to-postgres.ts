/**
 * `npm run migrate-to-postgres -- [--from FILE] URL`: copies the SQLite database ROTA_DB (default
 * ./data/rota.db, or FILE) into the empty PostgreSQL database at URL — every table, credentials
 * included — in one transaction. Then start the server with ROTA_DATABASE_URL=URL.
 */
import { configFromEnv } from '../config.js';
import { migrateToPostgres } from '../services/migrate-to-postgres.js';

const USAGE = 'usage: npm run migrate-to-postgres -- [--from FILE] postgres://user:password@host:port/database';

function parseArgs(args: string[]): { from?: string; url: string } | undefined {
  const rest = [...args];
  let from: string | undefined;
  const at = rest.indexOf('--from');
  if (at >= 0) {
    from = rest[at + 1];
    if (!from) return undefined;
    rest.splice(at, 2);
  }
  const [url, ...extra] = rest;
  if (!url || extra.length > 0 || !/^postgres(ql)?:\/\//i.test(url)) return undefined;
  return { from, url };
}

const args = parseArgs(process.argv.slice(2));
if (!args) {
  console.error(USAGE);
  process.exit(2);
}
const from = args.from ?? configFromEnv().dbPath;

try {
  const counts = await migrateToPostgres(from, args.url);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const detail = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
  console.log(`migrated ${from} to PostgreSQL: ${total} rows (${detail}); start the server with ROTA_DATABASE_URL set to that URL`);
} catch (err) {
  console.error(`migrate-to-postgres failed: ${(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ')}`);
  process.exit(1);
}
