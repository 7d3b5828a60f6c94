/**
 * Every source's real mapper through the route (spec §16): each hand-checked fixture of
 * test/importers/fixtures whose mapped timeline agrees with the source's is answered by a dry run
 * with agreement 1 and no difference, the same figure the mapper tests compute on the engine;
 * applying it stores what the dry run reported, and the stored schedules answer the same shifts.
 * All of them, exported (§11) and imported into a fresh instance, answer the same timelines there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers.js';

/** Fixtures whose semantics map (the others exist to show warnings and disagreement). */
const AGREEING: Record<string, string[]> = {
  pagerduty: ['dst-week', 'layer-order', 'daily-restriction-overnight', 'overrides'],
  opsgenie: ['weekly-dst', 'night-restriction-fall-back', 'weekday-weekend-layers'],
  'grafana-oncall': ['weekly-rolling-dst', 'overnight-weekdays-dst'],
  goalert: ['dst-week', 'day-night-rules'],
};

const fixture = (source: string, name: string): object =>
  JSON.parse(readFileSync(new URL(`../importers/fixtures/${source}/${name}.json`, import.meta.url), 'utf8'));

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('importing real documents through POST /api/v1/import/{source}', () => {
  it('has fixtures for every named case', () => {
    for (const [source, names] of Object.entries(AGREEING)) {
      const present = readdirSync(new URL(`../importers/fixtures/${source}/`, import.meta.url)).map((f) => f.replace(/\.json$/, ''));
      for (const name of names) expect(present, `${source}/${name}`).toContain(name);
    }
  });

  for (const [source, names] of Object.entries(AGREEING)) {
    for (const name of names) {
      it(`${source}/${name}: a dry run agrees with the source's timeline; applying stores it`, async () => {
        const url = `/api/v1/import/${source}`;
        const dry = await server.call({ method: 'POST', url: `${url}?dryRun=true`, payload: fixture(source, name) });
        expect(dry.statusCode, dry.body).toBe(200);
        const report = dry.json();
        expect(report.verification.length).toBeGreaterThan(0);
        for (const v of report.verification) expect({ schedule: v.schedule, agreement: v.agreement, differences: v.differences }).toEqual({ schedule: v.schedule, agreement: 1, differences: [] });

        const applied = await server.call({ method: 'POST', url: `${url}?dryRun=false`, payload: fixture(source, name) });
        expect(applied.statusCode, applied.body).toBe(200);
        const result = applied.json();
        for (const v of result.verification) {
          const stored = await server.call({ method: 'GET', url: `/api/v1/schedules/${v.schedule}/shifts?from=${v.from}&to=${v.to}` });
          expect(stored.statusCode, stored.body).toBe(200);
          const { shifts } = stored.json();
          expect(shifts[0].start).toBe(v.from);
          expect(shifts[shifts.length - 1].end).toBe(v.to);
        }
      });
    }
  }

  it('round-trips every source: import, export (§11), import into a fresh instance gives the same timelines', async () => {
    const moved = await startServer();
    const fresh = await startServer();
    try {
      const windows: { schedule: string; from: string; to: string }[] = [];
      for (const [source, names] of Object.entries(AGREEING)) {
        for (const name of names) {
          const applied = await moved.call({ method: 'POST', url: `/api/v1/import/${source}?dryRun=false`, payload: fixture(source, name) });
          expect(applied.statusCode, applied.body).toBe(200);
          windows.push(...applied.json().verification);
        }
      }
      const exported = await moved.call({ method: 'GET', url: '/api/v1/export' });
      expect(exported.statusCode).toBe(200);
      const imported = await fresh.call({ method: 'POST', url: '/api/v1/import', payload: exported.json() });
      expect(imported.statusCode, imported.body).toBeLessThan(300);
      const shifts = async (s: TestServer, w: (typeof windows)[number]) => (await s.call({ method: 'GET', url: `/api/v1/schedules/${w.schedule}/shifts?from=${w.from}&to=${w.to}` })).json().shifts;
      expect(windows.length).toBeGreaterThan(10);
      for (const w of windows) {
        const here = await shifts(moved, w);
        expect(here.length, w.schedule).toBeGreaterThan(0);
        expect(await shifts(fresh, w), w.schedule).toEqual(here);
      }
    } finally {
      await moved.close();
      await fresh.close();
    }
  });
});
