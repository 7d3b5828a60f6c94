import { defineConfig } from 'vitest/config';

// Projects: `default` runs every test on SQLite; `tz` re-runs the engine, importer and render suites in a
// process whose TZ is set to Pacific/Auckland by `npm test`, to prove results never depend on the
// server's own zone; `pg`, defined when ROTA_TEST_DATABASE_URL names a PostgreSQL server, re-runs
// the API and service suites with every TestServer on a PostgreSQL database of its own.
// expect.poll's own default (1 s) is shorter than a first page load on a busy 2-core CI machine;
// a poll that succeeds returns at once, so the longer limit costs a passing test nothing.
const expect = { poll: { timeout: 10_000 } };

const pg = {
  test: {
    name: 'pg',
    expect,
    include: ['test/foundation/**/*.test.ts', 'test/http/**/*.test.ts', 'test/services/**/*.test.ts', 'test/feeds/**/*.test.ts', 'test/durability/**/*.test.ts', 'test/db/**/*.test.ts', 'test/move/**/*.test.ts', 'test/notify/notifier.test.ts', 'test/notify/channels.test.ts', 'test/status/bulletin.test.ts'],
    exclude: [
      // About the SQLite file and its connection: pragmas, closing it under the server, the
      // first-start notice on a new file; npm start / the README walk on the default file.
      'test/foundation/startup.test.ts',
      'test/foundation/npm-start.test.ts',
      'test/foundation/readme-walk.test.ts',
      // File modes, full disks, corrupt pages, file backups and kill -9 of a process on a file.
      'test/durability/file-modes.test.ts',
      'test/durability/storage-failures.test.ts',
      'test/durability/backup-restore.test.ts',
      'test/durability/kill9.test.ts',
      'test/durability/notices-kill9.test.ts',
      // Compares the two schema declarations: nothing to run against a server.
      'test/db/schema-parity.test.ts',
    ],
    env: { ROTA_TEST_BACKEND: 'postgres' },
    globalSetup: ['test/postgres-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
};

// `instances`, also only with ROTA_TEST_DATABASE_URL: several compiled Rota processes on one
// PostgreSQL database (spec §12), one test file at a time, as their timings are the point.
const instances = {
  test: {
    name: 'instances',
    expect,
    include: ['test/instances/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'default',
          expect,
          include: ['test/**/*.test.ts'],
          // They need a PostgreSQL server: the pg project runs test/db/postgres and test/move, the
          // instances project test/instances.
          exclude: ['test/db/postgres.test.ts', 'test/move/**', 'test/instances/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'tz',
          expect,
          include: ['test/engine/**/*.test.ts', 'test/importers/**/*.test.ts', 'test/tz/**/*.test.ts', 'test/status/render.test.ts', 'test/notify/render.test.ts'],
          testTimeout: 20_000,
        },
      },
      ...(process.env.ROTA_TEST_DATABASE_URL ? [pg, instances] : []),
    ],
  },
});
