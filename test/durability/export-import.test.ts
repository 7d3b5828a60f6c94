/**
 * Export → import into another server gives the same timelines; an import is checked whole and
 * applied all or nothing; it replaces the configuration (time off and swaps with it) but keeps
 * users and tokens.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { berlinComms, ok, putPeople, setUpBerlin, setUpConfiguration, setUpTimeOffAndSwap } from '../http/fixtures.js';
import { TEST_NOW } from '../clock.js';
import { problem, startServer, type TestServer } from '../helpers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(): Promise<TestServer> {
  const s = await startServer();
  servers.push(s);
  return s;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A year of every schedule's final shifts, without the person records' own timestamps. */
async function yearOfShifts(s: TestServer): Promise<Record<string, unknown[]>> {
  const from = Math.floor(TEST_NOW / DAY) * DAY;
  const out: Record<string, unknown[]> = {};
  const ids = ((await ok(s, 'GET', '/api/v1/schedules')).items as { id: string }[]).map((x) => x.id);
  for (const id of ids) {
    const body = await ok(s, 'GET', `/api/v1/schedules/${id}/shifts?from=${iso(from)}&to=${iso(from + 365 * DAY)}`);
    out[id] = (body.shifts as { start: string; end: string; person: { id: string } | null; source: string; layer: string | null; override: string | null }[]).map(
      (x) => [x.start, x.end, x.person?.id ?? null, x.source, x.layer, x.override],
    );
  }
  return out;
}

async function exportOf(s: TestServer) {
  const res = await s.call({ method: 'GET', url: '/api/v1/export' });
  expect(res.statusCode).toBe(200);
  const { exportedAt, ...rest } = res.json();
  expect(exportedAt).toBe(iso(TEST_NOW));
  return rest as Record<string, unknown> & { schedules: { id: string; versions: { document: Record<string, unknown> }[] }[] };
}

describe('export and import', () => {
  it('rebuilds a server elsewhere with identical shifts for a year', { timeout: 60_000 }, async () => {
    const source = await server();
    await setUpConfiguration(source);
    await setUpTimeOffAndSwap(source);
    const exported = (await source.call({ method: 'GET', url: '/api/v1/export' })).json();
    expect(exported).toMatchObject({ format: 'rota-export', version: 1 });
    expect(exported.schedules.map((s: { versions: unknown[] }) => s.versions.length)).toEqual([2, 2]);
    expect(exported.overrides).toHaveLength(6);
    const swapped = exported.overrides.filter((o: { swap: string | null }) => o.swap !== null);
    expect(swapped.map((o: { person: string }) => o.person)).toEqual(['bob', 'alice']);
    expect(new Set(swapped.map((o: { swap: string }) => o.swap)).size).toBe(1);
    expect(exported.timeOff).toEqual([
      expect.objectContaining({ person: 'frank', start: iso(TEST_NOW + 20 * DAY), end: iso(TEST_NOW + 25 * DAY), note: 'leave', createdBy: 'admin@example.com' }),
      expect.objectContaining({ person: 'bob', start: iso(TEST_NOW + 30 * DAY), note: null }),
    ]);
    expect(JSON.stringify(exported)).not.toMatch(/password|token|"users"|feeds/i);

    const target = await server();
    const res = await target.call({ method: 'POST', url: '/api/v1/import', payload: exported });
    expect(res.statusCode).toBe(200);
    expect(res.json().imported).toEqual({ people: 8, holidayCalendars: 2, schedules: 2, overrides: 6, escalationChains: 1, timeOff: 2 });

    expect(await exportOf(target)).toEqual(await exportOf(source));
    const shifts = await yearOfShifts(target);
    expect(Object.keys(shifts)).toEqual(['comms', 'comms-backup']);
    expect(shifts).toEqual(await yearOfShifts(source));
    const at = iso(TEST_NOW);
    // Person records carry each server's own createdAt/updatedAt: equal here, both clocks being held at TEST_NOW.
    const resolve = (s: TestServer) => ok(s, 'GET', `/api/v1/escalation-chains/mls-outage/resolve?at=${at}`);
    expect(await resolve(target)).toEqual(await resolve(source));
  });

  it('keeps a swap one: deleting half of an imported swap deletes both', async () => {
    const source = await server();
    await setUpConfiguration(source);
    await setUpTimeOffAndSwap(source);
    const target = await server();
    await ok(target, 'POST', '/api/v1/import', (await source.call({ method: 'GET', url: '/api/v1/export' })).json());
    const listed = async () => (await ok(target, 'GET', '/api/v1/schedules/comms/overrides')).items as { id: string; swap: string | null }[];
    const half = (await listed()).find((o) => o.swap !== null)!;
    await ok(target, 'DELETE', `/api/v1/schedules/comms/overrides/${half.id}`);
    expect((await listed()).filter((o) => o.swap !== null)).toEqual([]);
    expect((await ok(target, 'GET', '/api/v1/people/bob/time-off')).timeOff).toHaveLength(1);
  });

  it('keeps imported entries with ids of their own readable and deletable; unknown ids are 404', async () => {
    const s = await server();
    await setUpConfiguration(s);
    await setUpTimeOffAndSwap(s);
    const doc = (await s.call({ method: 'GET', url: '/api/v1/export' })).json();
    // Any slug is a valid id in an export, not only the `ovr-…`/`off-…` ids the server makes.
    doc.overrides = [{ ...doc.overrides.find((o: { swap: string | null }) => o.swap === null), id: 'handover' }];
    doc.timeOff = [{ ...doc.timeOff[0], id: 'summer' }];
    await ok(s, 'POST', '/api/v1/import', doc);
    const [override] = doc.overrides;
    expect(await ok(s, 'GET', `/api/v1/schedules/${override.schedule}/overrides/handover`)).toMatchObject({ id: 'handover' });
    await ok(s, 'DELETE', `/api/v1/schedules/${override.schedule}/overrides/handover`);
    await ok(s, 'DELETE', `/api/v1/people/${doc.timeOff[0].person}/time-off/summer`);
    expect(await exportOf(s)).toMatchObject({ overrides: [], timeOff: [] });
    problem(await s.call({ method: 'DELETE', url: `/api/v1/schedules/comms/overrides/nope` }), 404);
    problem(await s.call({ method: 'GET', url: `/api/v1/schedules/comms/overrides/nope` }), 404);
    problem(await s.call({ method: 'DELETE', url: `/api/v1/people/bob/time-off/nope` }), 404);
  });

  it('imports an export from before time off and swaps', async () => {
    const source = await server();
    await setUpConfiguration(source);
    const { timeOff, ...older } = (await source.call({ method: 'GET', url: '/api/v1/export' })).json();
    expect(timeOff).toEqual([]);
    older.overrides = older.overrides.map(({ swap, ...o }: { swap: unknown }) => o);
    const target = await server();
    await putPeople(target, 'bob');
    await ok(target, 'POST', '/api/v1/people/bob/time-off', { start: iso(TEST_NOW), end: iso(TEST_NOW + DAY) });
    expect((await target.call({ method: 'POST', url: '/api/v1/import', payload: older })).statusCode).toBe(200);
    const after = await exportOf(target);
    expect(after.timeOff).toEqual([]);
    expect((after.overrides as { swap: unknown }[]).map((o) => o.swap)).toEqual([null, null, null, null]);
  });

  it('refuses half a swap, a swap across schedules and time off of no one, changing nothing', async () => {
    const s = await server();
    await setUpConfiguration(s);
    await setUpTimeOffAndSwap(s);
    const before = await exportOf(s);
    const doc = (await s.call({ method: 'GET', url: '/api/v1/export' })).json();
    const [first, second] = doc.overrides.flatMap((o: { swap: string | null }, i: number) => (o.swap === null ? [] : [i]));
    doc.overrides[0].swap = 'swp-lonely';
    doc.overrides[3].swap = 'swp-across';
    doc.overrides[1].swap = 'swp-across';
    doc.overrides[second].swap = null;
    doc.timeOff[0].person = 'nobody';
    doc.timeOff[1].end = doc.timeOff[1].start;
    const body = problem(await s.call({ method: 'POST', url: '/api/v1/import', payload: doc }), 400);
    expect(body.errors!.map((e) => e.path).sort()).toEqual(['/overrides/0/swap', `/overrides/${first}/swap`, '/overrides/3/swap', '/timeOff/0/person', '/timeOff/1/end'].sort());
    expect(await exportOf(s)).toEqual(before);
  });

  it('replaces the configuration, keeps users and tokens, drops feeds of what is gone', async () => {
    const source = await server();
    await setUpConfiguration(source);
    const exported = (await source.call({ method: 'GET', url: '/api/v1/export' })).json();

    const target = await server();
    await putPeople(target, 'zed', 'alice');
    const token = (await target.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'pager', scope: 'read' } })).json().token;
    const zedFeed = await ok(target, 'POST', '/api/v1/feeds', { person: 'zed' });
    const aliceFeed = await ok(target, 'POST', '/api/v1/feeds', { person: 'alice' });

    expect((await target.call({ method: 'POST', url: '/api/v1/import', payload: exported })).statusCode).toBe(200);
    expect((await target.call({ method: 'GET', url: '/api/v1/people/zed' })).statusCode).toBe(404);
    expect((await target.call({ method: 'GET', url: '/api/v1/schedules', token })).statusCode).toBe(200);
    const feeds = ((await ok(target, 'GET', '/api/v1/feeds')).items as { id: string }[]).map((f) => f.id);
    expect(feeds).toContain(aliceFeed.id);
    expect(feeds).not.toContain(zedFeed.id);
  });

  it('refuses an invalid document whole, listing every problem, and changes nothing', async () => {
    const s = await server();
    await setUpConfiguration(s);
    const before = await exportOf(s);
    const doc = (await s.call({ method: 'GET', url: '/api/v1/export' })).json();
    doc.people.push({ ...doc.people[0], email: null }); // duplicate id
    doc.schedules[1].versions[1].document.layers[0].rotation = { every: 'every tuesday', start: '2027-01-04T09:00' };
    doc.schedules[0].versions[1].document.fallback = 'nobody';
    doc.overrides[0].end = doc.overrides[0].start;
    doc.escalationChains[0].levels[0].targets[0] = { schedule: 'missing' };

    const body = problem(await s.call({ method: 'POST', url: '/api/v1/import', payload: doc }), 400);
    expect(body.errors!.map((e) => e.path).sort()).toEqual(
      [
        '/people/8/id',
        '/schedules/1/versions/1/document/layers/0/rotation/every',
        '/schedules/0/versions/1/document/fallback',
        '/overrides/0/end',
        '/escalationChains/0/levels/0/targets/0/schedule',
      ].sort(),
    );
    expect(await exportOf(s)).toEqual(before);

    const shape = problem(await s.call({ method: 'POST', url: '/api/v1/import', payload: { ...doc, format: 'other', people: 'x' } }), 400);
    expect(shape.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['/format', '/people']));
    expect(await exportOf(s)).toEqual(before);
  });

  it('refuses a schedule that would leave a gap, as a PUT would (409)', async () => {
    const s = await server();
    const doc = {
      format: 'rota-export',
      version: 1,
      exportedAt: iso(TEST_NOW),
      people: [{ id: 'dave', name: 'Dave', email: null, phone: null, timeZone: null }],
      holidayCalendars: [],
      schedules: [
        {
          id: 'weekends',
          versions: [
            {
              version: 1,
              effectiveFrom: iso(TEST_NOW - DAY),
              savedAt: iso(TEST_NOW - DAY),
              savedBy: 'admin@example.com',
              document: { name: 'Weekends', timeZone: 'UTC', layers: [{ id: 'we', participants: ['dave'], rotation: { per: 'window', start: '2020-01-01T00:00' }, activeWhen: { weekly: [{ from: 'SA 00:00', to: 'MO 00:00' }] } }] },
            },
          ],
        },
      ],
      overrides: [],
      escalationChains: [],
    };
    const refused = problem(await s.call({ method: 'POST', url: '/api/v1/import', payload: doc }), 409);
    expect(refused.detail).toMatch(/weekends/);
    expect((await ok(s, 'GET', '/api/v1/schedules')).items).toEqual([]);
    doc.schedules[0]!.versions[0]!.document = { ...doc.schedules[0]!.versions[0]!.document, requireCoverage: false } as never;
    expect((await s.call({ method: 'POST', url: '/api/v1/import', payload: doc })).statusCode).toBe(200);
  });

  it('answers from the imported configuration on a server that had cached the old one', async () => {
    const source = await server();
    await setUpConfiguration(source);
    const exported = (await source.call({ method: 'GET', url: '/api/v1/export' })).json();

    const target = await server();
    await setUpBerlin(target);
    await ok(target, 'PUT', '/api/v1/schedules/comms', { ...berlinComms, fallback: 'alice', layers: [] });
    await yearOfShifts(target); // warms the timelines cache with the old configuration
    await ok(target, 'GET', '/api/v1/people');
    expect((await target.call({ method: 'POST', url: '/api/v1/import', payload: exported })).statusCode).toBe(200);
    expect(await yearOfShifts(target)).toEqual(await yearOfShifts(source));
  });

  it('is admin-only', async () => {
    const s = await server();
    const read = (await s.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'r', scope: 'read' } })).json().token;
    problem(await s.call({ method: 'GET', url: '/api/v1/export', token: read }), 403);
    problem(await s.call({ method: 'POST', url: '/api/v1/import', token: read, payload: {} }), 403);
  });
});
