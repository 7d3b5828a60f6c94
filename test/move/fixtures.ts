/**
 * What moving a Rota database must keep: a configuration with history (two schedules, one with a
 * pending version, overlapping overrides, a swap, time off, a chain), a viewer with a password, an API token and a
 * feed; and the answers two servers must give alike.
 */
import { expect } from 'vitest';
import { TEST_NOW } from '../clock.js';
import { ok } from '../http/fixtures.js';

export { setUpConfiguration, setUpTimeOffAndSwap } from '../http/fixtures.js';
import type { TestServer } from '../helpers.js';

const HOUR = 3_600_000;
export const iso = (ms: number) => new Date(ms).toISOString();

export const VIEWER = { email: 'viewer@example.com', password: 'viewer password 123' };

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
