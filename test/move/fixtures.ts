/**
 * What moving a Rota database must keep: a configuration with history (two schedules, one with a
 * pending version, overlapping overrides, a chain), a viewer with a password, an API token and a
 * feed; and the answers two servers must give alike.
 */
import { expect } from 'vitest';
import { TEST_NOW } from '../clock.js';
import { berlinComms, ok, putPeople, setUpBerlin } from '../http/fixtures.js';
import type { TestServer } from '../helpers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const iso = (ms: number) => new Date(ms).toISOString();

export const VIEWER = { email: 'viewer@example.com', password: 'viewer password 123' };

/** The configuration, through the API. */
export async function setUpConfiguration(s: TestServer): Promise<void> {
  await setUpBerlin(s);
  await putPeople(s, 'frank', 'gina');
  await ok(s, 'PUT', '/api/v1/holiday-calendars/ny', { name: 'New York', region: 'US-NY', include: [{ date: '2027-12-24', name: 'Christmas Eve' }] });
  await ok(s, 'PUT', '/api/v1/schedules/comms', { ...berlinComms, layers: [{ ...berlinComms.layers[0]!, participants: ['bob', 'alice', 'carol'] }, berlinComms.layers[1]] });
  const backup = {
    name: 'Backup coordinator',
    timeZone: 'America/New_York',
    fallback: 'gina',
    layers: [{ id: 'twice-weekly', participants: ['frank', 'gina'], rotation: { rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0', start: '2026-05-04T09:00' } }],
  };
  await ok(s, 'PUT', '/api/v1/schedules/comms-backup', backup);
  await ok(s, 'PUT', '/api/v1/schedules/comms-backup', { ...backup, effectiveFrom: iso(TEST_NOW + 40 * DAY), fallback: 'frank' });
  const hour = Math.floor(TEST_NOW / HOUR) * HOUR;
  for (const [schedule, person, from, hours] of [
    ['comms', 'erin', 2, 12],
    ['comms', 'frank', 8, 30],
    ['comms', 'gina', 10, 4], // overlaps frank's: the newer wins, so their order must survive
    ['comms-backup', 'alice', 100, 48],
  ] as const) {
    await ok(s, 'POST', `/api/v1/schedules/${schedule}/overrides`, { person, start: iso(hour + from * HOUR), end: iso(hour + (from + hours) * HOUR), note: 'swap' });
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

/** A viewer, an API token and a feed: the credentials a move must keep working. */
export async function setUpCredentials(s: TestServer): Promise<{ apiToken: string; feedPath: string }> {
  await ok(s, 'POST', '/api/v1/users', { ...VIEWER, name: 'Viewer', role: 'viewer' });
  const apiToken = (await ok(s, 'POST', '/api/v1/api-tokens', { name: 'pager', scope: 'read' })).token as string;
  const feed = await ok(s, 'POST', '/api/v1/feeds', { schedule: 'comms' });
  return { apiToken, feedPath: new URL(feed.url as string).pathname };
}

/** The export document without its `exportedAt`. */
export async function exportOf(s: TestServer): Promise<Record<string, unknown>> {
  const { exportedAt: _, ...rest } = await ok(s, 'GET', '/api/v1/export');
  return rest;
}

/** Who is on call for each schedule at instants around the overrides, the pending version and a year on. */
export async function onCallAnswers(s: TestServer): Promise<unknown[]> {
  const answers = [];
  for (const schedule of ['comms', 'comms-backup']) {
    for (const hours of [0, 3, 11, 20, 120, 41 * 24, 200 * 24, 365 * 24]) {
      answers.push(await ok(s, 'GET', `/api/v1/schedules/${schedule}/oncall?at=${encodeURIComponent(iso(TEST_NOW + hours * HOUR))}`));
    }
  }
  return answers;
}

/** Asserts that `after` answers as `before` did (configuration and who is on call). */
export async function expectSameAnswers(after: TestServer, before: { export: unknown; onCall: unknown[] }): Promise<void> {
  expect(await exportOf(after)).toEqual(before.export);
  expect(await onCallAnswers(after)).toEqual(before.onCall);
}
