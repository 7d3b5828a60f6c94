/**
 * POST /api/v1/import/{source} (spec §16), the frame around the mappers: dry run and apply, people
 * matched by email, ids kept free of stored ones, the result held to the rules of its own writes,
 * the coverage guarantee, and verification against the source's timeline — with the test-only
 * source of ./import-fixture.ts standing in for PagerDuty's mapper.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { login, problem, startServer, type TestServer } from '../helpers.js';
import { onPostgres } from '../postgres.js';
import { ok } from './fixtures.js';
import { fixtureDocument, fixtureMappers } from './import-fixture.js';

let server: TestServer;

beforeEach(async () => {
  server = await startServer({ importMappers: fixtureMappers });
  // Stored before the move: Alice under another id (her email in other case), a Bob who is
  // someone else, and a schedule "ops" of their own.
  await ok(server, 'PUT', '/api/v1/people/alice-smith', { name: 'Alice Smith', email: 'Alice@Example.COM' });
  await ok(server, 'PUT', '/api/v1/people/bob', { name: 'Robert', email: 'robert@other.example' });
  await ok(server, 'PUT', '/api/v1/schedules/ops', {
    name: 'Their ops',
    timeZone: 'Europe/Berlin',
    layers: [{ id: 'all', participants: ['alice-smith'], rotation: { every: 'P1W', start: '2026-01-05T09:00' } }],
  });
});
afterEach(() => server.close());

const importing = (query: string, payload: unknown, token?: string) =>
  server.call({ method: 'POST', url: `/api/v1/import/pagerduty${query}`, payload: payload as object, ...(token === undefined ? {} : { token }) });

/** What is stored, to show that a refused import stored nothing. */
async function stored() {
  const count = async (table: string) => Number((await server.query(`select count(*) as n from ${table}`))[0]!.n);
  return { people: await count('people'), schedules: await count('schedules'), versions: await count('schedule_versions'), overrides: await count('overrides') };
}
const BEFORE = { people: 2, schedules: 1, versions: 1, overrides: 0 };

const ops2 = {
  id: 'ops-2',
  name: 'Ops',
  timeZone: 'UTC',
  requireCoverage: false,
  layers: [{ id: 'weekly', participants: ['alice-smith', 'bob-2', 'carol'], rotation: { every: 'P1W', start: '2026-06-01T00:00' } }],
};

describe('POST /api/v1/import/{source}', () => {
  it('answers a dry run with the report and stores nothing (dryRun is the default)', async () => {
    for (const query of ['', '?dryRun=true']) {
      const res = await importing(query, fixtureDocument());
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        people: [
          // Matched by email whatever its case: the stored person as stored, under the stored id.
          { id: 'alice-smith', name: 'Alice Smith', email: 'Alice@Example.COM', phone: null, timeZone: null, matched: true },
          // "bob" is taken by someone else: the next free id.
          { id: 'bob-2', name: 'Bob B.', email: 'bob@example.com', phone: null, timeZone: null, matched: false },
          { id: 'carol', name: 'Carol C.', email: 'carol@example.com', phone: null, timeZone: 'America/New_York', matched: false },
        ],
        schedules: [ops2],
        overrides: [{ schedule: 'ops-2', person: 'carol', start: '2026-06-03T00:00:00.000Z', end: '2026-06-04T00:00:00.000Z', note: 'dentist swap' }],
        warnings: [{ path: '/schedules/0/schedule_layers/0/restrictions/0', message: 'a restriction of 0 seconds was left out' }],
        verification: [{ schedule: 'ops-2', from: '2026-06-01T00:00:00.000Z', to: '2026-06-15T00:00:00.000Z', agreement: 1, differences: [] }],
        applied: false,
      });
    }
    expect(await stored()).toEqual(BEFORE);
  });

  it('applies people, schedules and overrides, leaving stored ones as they were', async () => {
    const auditIds = async () => ((await ok(server, 'GET', '/api/v1/audit?limit=1000')).items as { id: number }[]).map((e) => e.id);
    const before = new Set(await auditIds());
    const res = await importing('?dryRun=false', fixtureDocument());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ applied: true, schedules: [ops2] });
    expect(await stored()).toEqual({ people: 4, schedules: 2, versions: 2, overrides: 1 });

    const people = (await ok(server, 'GET', '/api/v1/people')).items as { id: string; name: string; email: string | null }[];
    expect(people.map((p) => [p.id, p.name, p.email])).toEqual([
      ['alice-smith', 'Alice Smith', 'Alice@Example.COM'],
      ['bob', 'Robert', 'robert@other.example'],
      ['bob-2', 'Bob B.', 'bob@example.com'],
      ['carol', 'Carol C.', 'carol@example.com'],
    ]);
    expect(await ok(server, 'GET', '/api/v1/schedules/ops')).toMatchObject({ name: 'Their ops', version: 1 });
    expect(await ok(server, 'GET', '/api/v1/schedules/ops-2')).toMatchObject({ ...ops2, version: 1, savedBy: 'admin@example.com' });
    const overrides = (await ok(server, 'GET', '/api/v1/schedules/ops-2/overrides')).items;
    expect(overrides).toMatchObject([{ person: 'carol', start: '2026-06-03T00:00:00.000Z', end: '2026-06-04T00:00:00.000Z', note: 'dentist swap' }]);
    // Who is on call comes from the stored import: Carol's override on Wednesday.
    expect(await ok(server, 'GET', '/api/v1/schedules/ops-2/oncall?at=2026-06-03T12:00:00Z')).toMatchObject({ person: { id: 'carol' }, source: 'override' });

    // Audited as the writes of their own routes are, one entry each; the matched person untouched.
    const audit = (await ok(server, 'GET', '/api/v1/audit?limit=1000')).items as { id: number; action: string; resource: string; resourceId: string }[];
    const written = audit.filter((e) => !before.has(e.id)).map((e) => `${e.action} ${e.resource}:${e.resourceId}`);
    expect(written.sort()).toEqual(['create override:' + overrides[0].id, 'create person:bob-2', 'create person:carol', 'create schedule:ops-2']);
  });

  it.skipIf(onPostgres())('applies in one transaction: a write failing at the last override stores nothing', async () => {
    server.sqlite.exec(`create trigger refuse_overrides before insert on overrides begin select raise(abort, 'refused by the test'); end`);
    const res = await importing('?dryRun=false', fixtureDocument());
    expect(res.statusCode).toBe(500);
    expect(await stored()).toEqual(BEFORE);
    server.sqlite.exec('drop trigger refuse_overrides');
    // The caches did not keep what was rolled back.
    expect((await ok(server, 'GET', '/api/v1/people')).items.map((p: { id: string }) => p.id)).toEqual(['alice-smith', 'bob']);
  });

  it('round-trips: import, export (§11), import into a fresh instance gives the same timeline', async () => {
    await ok(server, 'POST', '/api/v1/import/pagerduty?dryRun=false', fixtureDocument());
    const exported = await ok(server, 'GET', '/api/v1/export');
    const fresh = await startServer();
    try {
      await ok(fresh, 'POST', '/api/v1/import', exported);
      const shifts = async (s: TestServer) => (await ok(s, 'GET', '/api/v1/schedules/ops-2/shifts?from=2026-06-01T00:00:00Z&to=2026-09-01T00:00:00Z')).shifts;
      const here = await shifts(server);
      // Alice, Carol's override, Alice, then the weekly turns to the end of August.
      expect(here.length).toBeGreaterThan(10);
      expect(await shifts(fresh)).toEqual(here);
    } finally {
      await fresh.close();
    }
  });

  it('re-slugs against what an earlier import stored: importing twice makes a second copy, never a replacement', async () => {
    await ok(server, 'POST', '/api/v1/import/pagerduty?dryRun=false', fixtureDocument());
    const again = await ok(server, 'POST', '/api/v1/import/pagerduty?dryRun=false', fixtureDocument());
    // People match by email this time; the schedule id is taken twice over.
    expect(again.people.map((p: { id: string; matched: boolean }) => [p.id, p.matched])).toEqual([
      ['alice-smith', true],
      ['bob-2', true],
      ['carol', true],
    ]);
    expect(again.schedules.map((s: { id: string }) => s.id)).toEqual(['ops-3']);
    expect(await stored()).toEqual({ people: 4, schedules: 3, versions: 3, overrides: 2 });
  });

  it('refuses a document that is not the source’s with 400 naming its paths, storing nothing', async () => {
    const body = problem(await importing('?dryRun=false', { schedules: 'none' }), 400);
    expect(body.errors).toEqual([
      { path: '/people', message: 'must be an array' },
      { path: '/schedules', message: 'must be an array' },
      { path: '/overrides', message: 'must be an array' },
      { path: '/warnings', message: 'must be an array' },
      { path: '/expected', message: 'must be an array' },
    ]);
    expect(await stored()).toEqual(BEFORE);
  });

  it('refuses what a mapper made that breaks Rota’s rules with 400 at its path in the report, storing nothing', async () => {
    const doc = fixtureDocument();
    doc.schedules[0]!.document.timeZone = 'Mars/Olympus_Mons';
    doc.overrides.push({ schedule: 'ops', person: 'nobody', start: '2026-06-05T00:00:00Z', end: '2026-06-04T00:00:00Z', note: null });
    doc.people[2]!.name = '';
    const body = problem(await importing('?dryRun=false', doc), 400);
    expect(body.errors).toEqual([
      { path: '/people/2/name', message: 'name must be 1–200 characters' },
      { path: '/schedules/0/timeZone', message: 'Use an IANA time zone name, like Europe/Berlin or America/New_York: "Mars/Olympus_Mons" is not one' },
      { path: '/overrides/1/person', message: 'unknown person "nobody"' },
      { path: '/overrides/1/end', message: 'must be after start' },
    ]);
    expect(await stored()).toEqual(BEFORE);
  });

  it('under requireCoverage=true refuses a schedule with a gap within 365 days (409), storing nothing', async () => {
    const doc = fixtureDocument();
    doc.schedules[0]!.document.layers[0]!.end = '2026-09-01T00:00';
    const body = problem(await importing('?dryRun=false&requireCoverage=true', doc), 409);
    expect(body).toMatchObject({ schedule: 'ops-2', gaps: [{ start: '2026-09-01T00:00:00.000Z' }] });
    expect(await stored()).toEqual(BEFORE);
    // A dry run says the same before anyone applies it.
    problem(await importing('?requireCoverage=true', doc), 409);

    // Without requireCoverage the gap is the imported schedule's own business (requireCoverage false).
    expect((await importing('?dryRun=false', doc)).statusCode).toBe(200);
    expect(await ok(server, 'GET', '/api/v1/schedules/ops-2')).toMatchObject({ requireCoverage: false });
  });

  it('under requireCoverage=true stores schedules that require coverage when they have no gap', async () => {
    const res = await importing('?dryRun=false&requireCoverage=true', fixtureDocument());
    expect(res.statusCode).toBe(200);
    expect(await ok(server, 'GET', '/api/v1/schedules/ops-2')).toMatchObject({ requireCoverage: true });
  });

  it('reports by time where Rota’s timeline differs from the source’s, in maximal stretches', async () => {
    const doc = fixtureDocument();
    // The source says: Alice 06-01 → 06-08 but Carol 06-03 → 06-04, Bob 06-08 → 06-10, Carol
    // 06-10 → 06-12, Bob 06-12 → 06-14, nobody 06-14 → 06-15 (no entry). Rota has Bob from 06-08
    // to 06-15: they differ 06-10 → 06-12 and 06-14 → 06-15, 3 of the 14 days.
    doc.expected[0]!.entries = [
      { start: '2026-06-01T00:00:00Z', end: '2026-06-03T00:00:00Z', person: 'alice' },
      { start: '2026-06-03T00:00:00Z', end: '2026-06-04T00:00:00Z', person: 'carol' },
      { start: '2026-06-04T00:00:00Z', end: '2026-06-08T00:00:00Z', person: 'alice' },
      { start: '2026-06-08T00:00:00Z', end: '2026-06-10T00:00:00Z', person: 'bob' },
      { start: '2026-06-10T00:00:00Z', end: '2026-06-11T00:00:00Z', person: 'carol' },
      { start: '2026-06-11T00:00:00Z', end: '2026-06-12T00:00:00Z', person: 'carol' },
      { start: '2026-06-12T00:00:00Z', end: '2026-06-14T00:00:00Z', person: 'bob' },
    ];
    const { verification } = await ok(server, 'POST', '/api/v1/import/pagerduty', doc);
    expect(verification).toEqual([
      {
        schedule: 'ops-2',
        from: '2026-06-01T00:00:00.000Z',
        to: '2026-06-15T00:00:00.000Z',
        agreement: 11 / 14,
        differences: [
          { start: '2026-06-10T00:00:00.000Z', end: '2026-06-12T00:00:00.000Z', expected: 'carol', got: 'bob-2' },
          { start: '2026-06-14T00:00:00.000Z', end: '2026-06-15T00:00:00.000Z', expected: null, got: 'bob-2' },
        ],
      },
    ]);
  });

  it('lists at most the first 20 differences, and counts every one in the agreement', async () => {
    const doc = fixtureDocument();
    // The source has nobody on call but Dave every other hour of the window: 168 hours of Dave,
    // none of them Rota's.
    const from = Date.parse('2026-06-01T00:00:00Z');
    doc.people.push({ id: 'dave', name: 'Dave', email: 'dave@example.com', timeZone: null, sourceId: 'PD' });
    doc.expected[0]!.entries = Array.from({ length: 168 }, (_, k) => ({
      start: new Date(from + 2 * k * 3_600_000).toISOString(),
      end: new Date(from + (2 * k + 1) * 3_600_000).toISOString(),
      person: 'dave',
    }));
    const [v] = (await ok(server, 'POST', '/api/v1/import/pagerduty', doc)).verification;
    expect(v.agreement).toBe(0);
    expect(v.differences).toHaveLength(20);
    expect(v.differences.slice(0, 2)).toEqual([
      { start: '2026-06-01T00:00:00.000Z', end: '2026-06-01T01:00:00.000Z', expected: 'dave', got: 'alice-smith' },
      { start: '2026-06-01T01:00:00.000Z', end: '2026-06-01T02:00:00.000Z', expected: null, got: 'alice-smith' },
    ]);
  });

  it('refuses a verification window longer than three years (400) rather than computing it', async () => {
    const doc = fixtureDocument();
    doc.expected[0]!.to = '2029-06-02T00:00:00Z';
    const body = problem(await importing('', doc), 400);
    expect(body.errors).toEqual([{ path: '/verification/0/to', message: "the window may span at most 3 years: fetch the source's final timeline for a shorter window" }]);
  });

  it('answers 404 for an unknown source, 400 for a bad query, 403 for a viewer', async () => {
    problem(await server.call({ method: 'POST', url: '/api/v1/import/jira', payload: fixtureDocument() }), 404);
    const bad = problem(await importing('?dryRun=maybe', fixtureDocument()), 400);
    expect(JSON.stringify(bad.errors)).toContain('dryRun');

    await ok(server, 'POST', '/api/v1/users', { email: 'viewer@example.com', name: 'V', role: 'viewer', password: 'viewer-password' });
    const viewer = await login(server.app, 'viewer@example.com', 'viewer-password');
    problem(await importing('?dryRun=true', fixtureDocument(), viewer), 403);

    expect(await stored()).toEqual(BEFORE);
  });
});
