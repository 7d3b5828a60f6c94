import { defineConfig } from 'drizzle-kit';

// The PostgreSQL twin of drizzle.config.ts: migrations/pg from src/db/schema/pg.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/pg.ts',
  out: './migrations/pg',
});
