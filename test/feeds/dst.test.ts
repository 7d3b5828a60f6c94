/**
 * DST weeks, rendered as of a fixed `now`: the TZID local times written by hand, and the instants
 * a parser reads back equal to the shifts API. Events starting or ending in the repeated
 * fall-back hour are written in UTC (clients disagree on which 01:30 a local 01:30 means).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers.js';
import { expectEventsMatchShifts, expectWellFramed, parseFeed, renderAt, seedWorld, startEndLines } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  await seedWorld(server);
});
afterAll(() => server.close());

describe('America/New_York, fall-back on 2027-11-07', () => {
  const now = Date.parse('2027-10-01T12:00:00Z');

  it('writes the local times of the 25-hour week, and UTC inside the repeated hour', async () => {
    const body = await renderAt(server, { scheduleId: 'ny' }, now);
    expectWellFramed(body);
    const pairs = startEndLines(body);
    expect(pairs).toContainEqual(['DTSTART;TZID=America/New_York:20271105T090000', 'DTEND;TZID=America/New_York:20271106T090000']);
    // 09:00 EDT until the override at 01:00 EDT — the first of two 01:00s that night.
    expect(pairs).toContainEqual(['DTSTART:20271106T130000Z', 'DTEND:20271107T050000Z']);
    // The override: 01:00 EDT → 01:30 EST.
    expect(pairs).toContainEqual(['DTSTART:20271107T050000Z', 'DTEND:20271107T063000Z']);
    // From 01:30 EST (the second 01:30) to 09:00 EST.
    expect(pairs).toContainEqual(['DTSTART:20271107T063000Z', 'DTEND:20271107T140000Z']);
    expect(pairs).toContainEqual(['DTSTART;TZID=America/New_York:20271107T090000', 'DTEND;TZID=America/New_York:20271108T090000']);
    expect(body).toContain('BEGIN:STANDARD\r\nDTSTART:20271107T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD');
    await expectEventsMatchShifts(server, parseFeed(body).events, 'ny', null, now);
  });
});

describe('Europe/Berlin, spring-forward on 2027-03-28', () => {
  const now = Date.parse('2027-03-01T12:00:00Z');

  it('writes the local times around the missing hour', async () => {
    const body = await renderAt(server, { scheduleId: 'berlin-night' }, now);
    expectWellFramed(body);
    const pairs = startEndLines(body);
    expect(pairs).toContainEqual(['DTSTART;TZID=Europe/Berlin:20270327T023000', 'DTEND;TZID=Europe/Berlin:20270328T013000']);
    // The override 00:30Z–01:30Z: 01:30 CET → 03:30 CEST, one hour long.
    expect(pairs).toContainEqual(['DTSTART;TZID=Europe/Berlin:20270328T013000', 'DTEND;TZID=Europe/Berlin:20270328T033000']);
    // 02:30 does not exist on the 28th: that handoff moves to 03:30 CEST; a 23-hour shift follows.
    expect(pairs).toContainEqual(['DTSTART;TZID=Europe/Berlin:20270328T033000', 'DTEND;TZID=Europe/Berlin:20270329T023000']);
    expect(body).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT');
    await expectEventsMatchShifts(server, parseFeed(body).events, 'berlin-night', null, now);
  });
});
