import { defineConfig } from 'vitest/config';

// Two projects: `default` runs every test; `tz` re-runs the engine and feed suites in a process
// whose TZ is set to Pacific/Auckland by `npm test`, to prove results never depend on the
// server's own zone.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'default',
          include: ['test/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'tz',
          include: ['test/engine/**/*.test.ts', 'test/tz/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
