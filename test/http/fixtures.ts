/** Shared set-up for the HTTP suites: people, calendars and schedules created over the API. */
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
