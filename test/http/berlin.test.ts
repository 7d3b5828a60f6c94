/**
 * The spec's examples end to end, with expected instants worked out by hand.
 *
 * Berlin comms (Europe/Berlin; CET = UTC+1, CEST = UTC+2 from Sun 2027-03-28 01:00Z):
 * - weekdays: P1W from Mon 2027-01-04 09:00. Mon 2027-03-22 is 77 days = 11 weeks later, so
 *   week k=11 → participants[11 mod 3] = carol; Mon 2027-03-29 starts k=12 → alice.
 * - weekend: one shift per active window, k=0 for the first window ending after 2027-01-01.
 *   Fri 2027-01-01 (New Year, a holiday touching FR 17:00 → MO 09:00) is window 0. The only
 *   other Berlin public holidays before Easter, 2027-03-08 (Women's Day, a Monday), merges with
 *   its weekend. Easter's window starts on Good Friday, 84 days = 12 windows later → k=12 →
 *   participants[0] = dave.
 * - Easter window: Good Friday 2027-03-26 00:00 CET = 2027-03-25T23:00Z, through Sat, Sun (not
 *   a Berlin public holiday but inside the FR 17:00 → MO 09:00 span) and Easter Monday
 *   2027-03-29 to 24:00 CEST = 2027-03-29T22:00Z: one window, dave.
 * - Before it: the previous weekend ended Mon 2027-03-22 09:00 CET = 08:00Z; carol holds from
 *   then. After it: alice (week k=12) until Fri 2027-04-02 17:00 CEST = 15:00Z.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers.js';
import { ok, onCall, putPeople, setUpBerlin, shiftsOf } from './fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  await setUpBerlin(server);
});
afterAll(() => server.close());

describe('Berlin communications schedule across Easter 2027', () => {
  const easter = { start: '2027-03-25T23:00:00.000Z', end: '2027-03-29T22:00:00.000Z' };

  it.each([
    ['Good Friday', '2027-03-26T12:00:00Z'],
    ['Easter Saturday', '2027-03-27T12:00:00+01:00'],
    ['Easter Sunday, after the switch to CEST', '2027-03-28T01:30:00Z'],
    ['the last second of Easter Monday', '2027-03-29T23:59:59+02:00'],
  ])('%s: dave holds the one holiday-and-weekend window', async (_, at) => {
    const body = await onCall(server, 'comms', at);
    expect(body).toMatchObject({ schedule: 'comms', source: 'layer', layer: 'weekend', override: null, ...easter });
    expect(body.person).toMatchObject({ id: 'dave', name: 'Dave' });
    expect(body.at).toBe(new Date(at).toISOString());
  });

  it('Maundy Thursday evening is still carol’s weekday week', async () => {
    const body = await onCall(server, 'comms', '2027-03-25T22:59:59.999Z');
    expect(body).toMatchObject({ source: 'layer', layer: 'weekdays', start: '2027-03-22T08:00:00.000Z', end: easter.start });
    expect(body.person.id).toBe('carol');
  });

  it('Easter Monday midnight hands over to alice for the Tuesday after', async () => {
    for (const at of ['2027-03-29T22:00:00Z', '2027-03-30T10:00:00Z']) {
      const body = await onCall(server, 'comms', at);
      expect(body).toMatchObject({ layer: 'weekdays', start: easter.end, end: '2027-04-02T15:00:00.000Z' });
      expect(body.person.id).toBe('alice');
    }
  });

  it('an override splits the weekend, and shows on the very next request', async () => {
    const created = await ok(server, 'POST', '/api/v1/schedules/comms/overrides', {
      person: 'erin',
      start: '2027-03-27T08:00:00Z',
      end: '2027-03-27T21:00:00+01:00',
      note: 'swap',
    });
    expect(created).toMatchObject({ schedule: 'comms', person: 'erin', start: '2027-03-27T08:00:00.000Z', end: '2027-03-27T20:00:00.000Z', note: 'swap' });
    expect(created.id).toMatch(/^ovr-/);

    const during = await onCall(server, 'comms', '2027-03-27T12:00:00Z');
    expect(during).toMatchObject({ source: 'override', override: created.id, layer: null, start: created.start, end: created.end });
    expect(during.person.id).toBe('erin');

    expect(await shiftsOf(server, 'comms', '2027-03-25T00:00:00Z', '2027-03-31T00:00:00Z')).toEqual([
      ['2027-03-25T00:00:00.000Z', '2027-03-25T23:00:00.000Z', 'carol', 'layer'],
      ['2027-03-25T23:00:00.000Z', '2027-03-27T08:00:00.000Z', 'dave', 'layer'],
      ['2027-03-27T08:00:00.000Z', '2027-03-27T20:00:00.000Z', 'erin', 'override'],
      ['2027-03-27T20:00:00.000Z', '2027-03-29T22:00:00.000Z', 'dave', 'layer'],
      ['2027-03-29T22:00:00.000Z', '2027-03-31T00:00:00.000Z', 'alice', 'layer'],
    ]);

    await ok(server, 'DELETE', `/api/v1/schedules/comms/overrides/${created.id}`);
    const after = await onCall(server, 'comms', '2027-03-27T12:00:00Z');
    expect(after).toMatchObject({ source: 'layer', ...easter });
  });

  it('the fallback covers the time before the rotations start', async () => {
    const body = await onCall(server, 'comms', '2026-12-31T12:00:00Z');
    expect(body).toMatchObject({ source: 'fallback', layer: null, end: '2026-12-31T23:00:00.000Z' });
    expect(body.person.id).toBe('director');
  });

  it('lists the calendar dates of the Easter holidays', async () => {
    const { dates } = await ok(server, 'GET', '/api/v1/holiday-calendars/de-be/dates?year=2027');
    const easterDates = dates.filter((d: { date: string }) => d.date >= '2027-03-25' && d.date <= '2027-03-30');
    expect(easterDates.map((d: { date: string; source: string }) => [d.date, d.source])).toEqual([
      ['2027-03-26', 'region'],
      ['2027-03-29', 'region'],
    ]);
  });

  it('shifts with layers=true adds each layer row', async () => {
    const body = await ok(server, 'GET', '/api/v1/schedules/comms/shifts?from=2027-03-26T00:00:00Z&to=2027-03-27T00:00:00Z&layers=true');
    expect(body.layers.map((l: { layerId: string }) => l.layerId)).toEqual(['weekdays', 'weekend']);
    expect(body.layers[1].shifts[0]).toMatchObject({ start: '2027-03-26T00:00:00.000Z', end: '2027-03-27T00:00:00.000Z', source: 'layer' });
    expect(body.layers[0].shifts[0].person.id).toBe('carol');
  });
});

describe('New York daily rotation across the 2027-11-07 fall-back', () => {
  beforeAll(async () => {
    await putPeople(server, 'nyalice', 'nybob');
    await ok(server, 'PUT', '/api/v1/schedules/ny-daily', {
      name: 'NY daily',
      timeZone: 'America/New_York',
      requireCoverage: false,
      layers: [{ id: 'daily', participants: ['nyalice', 'nybob'], rotation: { every: 'P1D', start: '2027-11-01T09:00' } }],
    });
  });

  it('the Saturday 09:00 shift runs 25 hours, to Sunday 09:00 EST', async () => {
    // Shift k starts Nov 1 + k days at 09:00 local. k=4 (Fri Nov 5, nyalice) from 13:00Z;
    // k=5 (Sat Nov 6, nybob) from 09:00 EDT = 13:00Z to Sun 09:00 EST = 14:00Z: 25 h.
    expect(await shiftsOf(server, 'ny-daily', '2027-11-06T00:00:00Z', '2027-11-09T00:00:00Z')).toEqual([
      ['2027-11-06T00:00:00.000Z', '2027-11-06T13:00:00.000Z', 'nyalice', 'layer'],
      ['2027-11-06T13:00:00.000Z', '2027-11-07T14:00:00.000Z', 'nybob', 'layer'],
      ['2027-11-07T14:00:00.000Z', '2027-11-08T14:00:00.000Z', 'nyalice', 'layer'],
      ['2027-11-08T14:00:00.000Z', '2027-11-09T00:00:00.000Z', 'nybob', 'layer'],
    ]);
    const at = await onCall(server, 'ny-daily', '2027-11-07T06:30:00Z'); // 01:30 EDT, the first of the two
    expect(at).toMatchObject({ start: '2027-11-06T13:00:00.000Z', end: '2027-11-07T14:00:00.000Z' });
    expect(at.person.id).toBe('nybob');
  });

  it('a handoff at 01:30 on the fall-back day means the earlier 01:30 (EDT)', async () => {
    // Spec §1: 01:30 occurs twice on 2027-11-07; the earlier is 01:30 EDT = 05:30Z (not 06:30Z).
    await ok(server, 'PUT', '/api/v1/schedules/ny-early', {
      name: 'NY 01:30',
      timeZone: 'America/New_York',
      requireCoverage: false,
      layers: [{ id: 'daily', participants: ['nyalice', 'nybob'], rotation: { every: 'P1D', start: '2027-11-05T01:30' } }],
    });
    expect(await shiftsOf(server, 'ny-early', '2027-11-06T00:00:00Z', '2027-11-08T12:00:00Z')).toEqual([
      ['2027-11-06T00:00:00.000Z', '2027-11-06T05:30:00.000Z', 'nyalice', 'layer'],
      ['2027-11-06T05:30:00.000Z', '2027-11-07T05:30:00.000Z', 'nybob', 'layer'],
      ['2027-11-07T05:30:00.000Z', '2027-11-08T06:30:00.000Z', 'nyalice', 'layer'],
      ['2027-11-08T06:30:00.000Z', '2027-11-08T12:00:00.000Z', 'nybob', 'layer'],
    ]);
  });

  it('coverage load adds up to the window', async () => {
    const cov = await ok(server, 'GET', '/api/v1/schedules/ny-daily/coverage?from=2027-11-06T00:00:00Z&to=2027-11-09T00:00:00Z');
    expect(cov.gaps).toEqual([]);
    expect(cov.coveredFraction).toBe(1);
    const hours = Object.fromEntries(cov.load.map((l: { person: string; hours: number }) => [l.person, l.hours]));
    expect(hours).toEqual({ nyalice: 13 + 24, nybob: 25 + 10 });
  });

  it('before the rotation starts there is a gap, bounded by the start', async () => {
    const at = await onCall(server, 'ny-daily', '2027-10-31T12:00:00Z');
    expect(at).toMatchObject({ person: null, source: 'gap', layer: null, end: '2027-11-01T13:00:00.000Z' });
  });
});

describe('RRULE rotation', () => {
  it('hands off at each occurrence, in local time across DST', async () => {
    await putPeople(server, 'carla', 'dan');
    await ok(server, 'PUT', '/api/v1/schedules/ny-rrule', {
      name: 'Mondays and Thursdays',
      timeZone: 'America/New_York',
      requireCoverage: false,
      layers: [
        { id: 'mo-th', participants: ['carla', 'dan'], rotation: { rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0', start: '2027-11-01T09:00' } },
      ],
    });
    // Mon Nov 1 and Thu Nov 4 09:00 EDT = 13:00Z; Mon Nov 8 and Thu Nov 11 09:00 EST = 14:00Z.
    expect(await shiftsOf(server, 'ny-rrule', '2027-11-01T00:00:00Z', '2027-11-12T00:00:00Z')).toEqual([
      ['2027-11-01T00:00:00.000Z', '2027-11-01T13:00:00.000Z', null, 'gap'],
      ['2027-11-01T13:00:00.000Z', '2027-11-04T13:00:00.000Z', 'carla', 'layer'],
      ['2027-11-04T13:00:00.000Z', '2027-11-08T14:00:00.000Z', 'dan', 'layer'],
      ['2027-11-08T14:00:00.000Z', '2027-11-11T14:00:00.000Z', 'carla', 'layer'],
      ['2027-11-11T14:00:00.000Z', '2027-11-12T00:00:00.000Z', 'dan', 'layer'],
    ]);
  });
});

describe('a layer that ends', () => {
  it('keeps end and whenAway in the stored document and cuts the shift at the end (12:00 CET = 11:00Z)', async () => {
    const doc = {
      name: 'Ending',
      timeZone: 'Europe/Berlin',
      fallback: 'director',
      layers: [{ id: 'w', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: '2027-03-15T09:00' }, end: '2027-03-24T12:00', whenAway: 'next' }],
    };
    await ok(server, 'PUT', '/api/v1/schedules/ending', doc);
    expect((await ok(server, 'GET', '/api/v1/schedules/ending')).layers).toEqual(doc.layers);
    expect(await shiftsOf(server, 'ending', '2027-03-20T00:00:00Z', '2027-03-25T00:00:00Z')).toEqual([
      ['2027-03-20T00:00:00.000Z', '2027-03-22T08:00:00.000Z', 'alice', 'layer'],
      ['2027-03-22T08:00:00.000Z', '2027-03-24T11:00:00.000Z', 'bob', 'layer'],
      ['2027-03-24T11:00:00.000Z', '2027-03-25T00:00:00.000Z', 'director', 'fallback'],
    ]);
  });
});
