/** Shared set-up for the HTTP suites: people, calendars and schedules created over the API. */
import { TEST_NOW } from '../clock.js';
import type { TestServer } from '../helpers.js';

export async function ok(server: TestServer, method: 'PUT' | 'POST' | 'GET' | 'DELETE', url: string, payload?: unknown) {
  const res = await server.call({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
  return res.statusCode === 204 ? null : res.json();
}

export async function putPeople(server: TestServer, ...ids: string[]) {
  for (const id of ids) await ok(server, 'PUT', `/api/v1/people/${id}`, { name: id[0]!.toUpperCase() + id.slice(1) });
}

/**
 * The spec's Berlin communications schedule: a weekly weekday rotation, and a weekend layer
 * active FR 17:00 → MO 09:00 and on Berlin public holidays (touching windows merge), with the
 * director as fallback before the rotations start.
 */
export const berlinComms = {
  name: 'Communications coordinator',
  timeZone: 'Europe/Berlin',
  fallback: 'director',
  layers: [
    { id: 'weekdays', name: 'Weekdays', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: '2027-01-04T09:00' } },
    {
      id: 'weekend',
      name: 'Weekend and holidays',
      participants: ['dave', 'erin'],
      rotation: { per: 'window', start: '2027-01-01T00:00' },
      activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }], holidays: [{ calendar: 'de-be' }] },
    },
  ],
};

export async function setUpBerlin(server: TestServer) {
  await putPeople(server, 'alice', 'bob', 'carol', 'dave', 'erin', 'director');
  await ok(server, 'PUT', '/api/v1/holiday-calendars/de-be', { name: 'Berlin public holidays', region: 'DE-BE' });
  await ok(server, 'PUT', '/api/v1/schedules/comms', berlinComms);
}

export async function onCall(server: TestServer, schedule: string, at: string) {
  return ok(server, 'GET', `/api/v1/schedules/${schedule}/oncall?at=${encodeURIComponent(at)}`);
}

/** The shifts of a window reduced to [start, end, person id, source]. */
export async function shiftsOf(server: TestServer, schedule: string, from: string, to: string) {
  const body = await ok(server, 'GET', `/api/v1/schedules/${schedule}/shifts?from=${from}&to=${to}`);
  return (body.shifts as { start: string; end: string; person: { id: string } | null; source: string }[]).map((s) => [
    s.start,
    s.end,
    s.person?.id ?? null,
    s.source,
  ]);
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A configuration with history — two schedules, a pending version, overlapping overrides and a chain — through the API (servers' clocks are held at TEST_NOW). */
/** After setUpConfiguration: time off of bob and frank, and a swap between alice and bob in comms (spec §13). */
export async function setUpTimeOffAndSwap(s: TestServer) {
  await ok(s, 'POST', '/api/v1/people/bob/time-off', { start: iso(TEST_NOW + 30 * DAY), end: iso(TEST_NOW + 31 * DAY) });
  await ok(s, 'POST', '/api/v1/people/frank/time-off', { start: iso(TEST_NOW + 20 * DAY), end: iso(TEST_NOW + 25 * DAY), note: 'leave' });
  await ok(s, 'POST', '/api/v1/schedules/comms/swaps', {
    a: { person: 'alice', start: iso(TEST_NOW + 50 * DAY), end: iso(TEST_NOW + 51 * DAY) },
    b: { person: 'bob', start: iso(TEST_NOW + 60 * DAY), end: iso(TEST_NOW + 61 * DAY) },
  });
}

export async function setUpConfiguration(s: TestServer) {
  await setUpBerlin(s);
  await putPeople(s, 'frank', 'gina');
  await ok(s, 'PUT', '/api/v1/holiday-calendars/ny', { name: 'New York', region: 'US-NY', include: [{ date: '2027-12-24', name: 'Christmas Eve' }] });
  // A second version of comms, in force now: the first stays as history.
  await ok(s, 'PUT', '/api/v1/schedules/comms', { ...berlinComms, layers: [{ ...berlinComms.layers[0]!, participants: ['bob', 'alice', 'carol'] }, berlinComms.layers[1]] });
  const backup = {
    name: 'Backup coordinator',
    timeZone: 'America/New_York',
    fallback: 'gina',
    layers: [
      { id: 'twice-weekly', participants: ['frank', 'gina'], rotation: { rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0', start: '2026-11-02T09:00' } },
      { id: 'holidays', participants: ['erin'], rotation: { per: 'window', start: '2026-01-01T00:00' }, activeWhen: { holidays: [{ calendar: 'ny' }] } },
    ],
  };
  await ok(s, 'PUT', '/api/v1/schedules/comms-backup', backup);
  await ok(s, 'PUT', '/api/v1/schedules/comms-backup', { ...backup, effectiveFrom: iso(TEST_NOW + 40 * DAY), fallback: 'frank' });
  const now = Math.floor(TEST_NOW / HOUR) * HOUR;
  for (const [schedule, person, from, hours] of [
    ['comms', 'erin', 2, 12],
    ['comms', 'frank', 8, 30],
    ['comms', 'gina', 10, 4], // overlaps frank's: the newer wins
    ['comms-backup', 'alice', 100, 48],
  ] as const) {
    await ok(s, 'POST', `/api/v1/schedules/${schedule}/overrides`, { person, start: iso(now + from * HOUR), end: iso(now + (from + hours) * HOUR), note: 'swap' });
  }
  await ok(s, 'PUT', '/api/v1/escalation-chains/mls-outage', {
    name: 'MLS outage',
    levels: [
      { targets: [{ schedule: 'comms' }], escalateAfterMinutes: 15 },
      { targets: [{ schedule: 'comms-backup' }, { person: 'director' }], escalateAfterMinutes: 30 },
    ],
    repeat: 1,
  });
}
