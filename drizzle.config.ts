import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration for each dialect: this config the SQLite one
// (migrations/sqlite from src/db/schema/sqlite.ts), drizzle.pg.config.ts the PostgreSQL one.
// The server applies pending migrations of its backend at start (src/db/sqlite.ts, src/db/postgres.ts).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/sqlite.ts',
  out: './migrations/sqlite',
});
