/**
 * Feeds never depend on the server's TZ: the same feeds, rendered as of a fixed `now`, equal
 * goldens produced under TZ=UTC — in the default run and in the `tz` project's Pacific/Auckland
 * run. DTSTAMP lines (the render time) are left out. Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 TZ=UTC npx vitest run --project default test/tz/feeds-tz.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWellFramed, renderAt, seedWorld, withoutStamps } from '../feeds/helpers.js';
import { startServer, type TestServer } from '../helpers.js';

const NOW = Date.parse('2027-10-01T12:00:00Z');
const FEEDS = [
  { golden: 'schedule-comms.ics', subject: { scheduleId: 'comms' } },
  { golden: 'schedule-ny.ics', subject: { scheduleId: 'ny' } },
  { golden: 'person-alice.ics', subject: { personId: 'alice' } },
];

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  await seedWorld(server);
});
afterAll(() => server.close());

describe(`feeds under TZ=${process.env.TZ ?? '(unset)'}`, () => {
  it('the process really runs in the zone the project says', () => {
    if (process.env.TZ === 'Pacific/Auckland') expect(new Date(Date.UTC(2027, 0, 1)).getTimezoneOffset()).toBe(-780);
  });

  for (const { golden, subject } of FEEDS) {
    it(`${golden} equals the golden rendered under TZ=UTC`, async () => {
      const body = withoutStamps(await renderAt(server, subject, NOW));
      expectWellFramed(body);
      const path = fileURLToPath(new URL(`golden/${golden}`, import.meta.url));
      if (process.env.UPDATE_GOLDEN) {
        expect(process.env.TZ, 'goldens are written under TZ=UTC').toBe('UTC');
        writeFileSync(path, body);
      }
      expect(body).toBe(readFileSync(path, 'utf8'));
    });
  }
});
