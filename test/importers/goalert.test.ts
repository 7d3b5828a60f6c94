/**
 * The GoAlert mapper on documents shaped as GoAlert's GraphQL API answers them (schema
 * graphql2/schema.graphql: Rotation, Schedule.targets[].rules, OnCallShift, UserOverride,
 * TemporarySchedule), one fixture per trap of issue 17, each with GoAlert's own `shifts` worked
 * out by hand from GoAlert's rules (schedule/rotation, schedule/rule, oncall/). Agreement is
 * computed with Rota's engine on the mapped documents.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromGoalert } from '../../src/importers/goalert.js';
import { SourceDocumentError, type SourceImport } from '../../src/importers/types.js';
import { agreementOf } from './agreement.js';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/goalert/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

const importOf = (name: string) => fromGoalert(fixture(name));
const schedule = (r: SourceImport, id: string) => r.schedules.find((s) => s.id === id)!.document;
const paths = (r: SourceImport) => r.warnings.map((w) => w.path);

/** A warning at `path` whose message starts with `start`. */
const warning = (path: string, start: string) => ({ path, message: expect.stringMatching(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)) as string });

/** The problems of a document the mapper refuses. */
function problemsOf(doc: unknown) {
  try {
    fromGoalert(doc);
  } catch (e) {
    if (e instanceof SourceDocumentError) return e.problems;
    throw e;
  }
  throw new Error('the document was accepted');
}

describe('GoAlert: timelines that map agree with GoAlert\'s own shifts', () => {
  it('a daily rotation across the US spring-forward hands off at 09:00 local on both sides (23-hour shift)', () => {
    const r = importOf('dst-week');
    expect(r.warnings).toEqual([]);
    expect(r.people.map((p) => [p.id, p.email])).toEqual([
      ['alice', 'alice@example.com'],
      ['bob-brown', 'bob.brown@example.com'],
      ['carol', 'carol@example.com'],
    ]);
    expect(schedule(r, 'ops')).toEqual({
      name: 'Ops',
      timeZone: 'America/New_York',
      requireCoverage: false,
      layers: [{ id: 'ops-daily', name: 'Ops daily', participants: ['alice', 'bob-brown', 'carol'], rotation: { every: 'P1D', start: '2027-03-01T09:00' } }],
    });
    expect(r.expected[0]).toMatchObject({ schedule: 'ops', from: Date.parse('2027-03-12T14:00:00Z'), to: Date.parse('2027-03-17T13:00:00Z') });
    expect(agreementOf(r, 'ops')).toEqual({ agreement: 1, differences: [] });
  });

  it('the stored active user wins over counting from the start: the order is turned so frank holds the current week', () => {
    const r = importOf('stored-active-index');
    expect(r.warnings).toEqual([]);
    // Counting weeks from Jan 4 gives week 9 → dave; GoAlert stores frank as active.
    expect(schedule(r, 'payments').layers[0]).toMatchObject({
      participants: ['frank', 'dave', 'erin'],
      rotation: { every: 'P1W', start: '2027-01-04T09:00' },
    });
    expect(agreementOf(r, 'payments')).toEqual({ agreement: 1, differences: [] });
    // The fixture catches the order GoAlert lists: counting from the start misses every week.
    const unturned = structuredClone(r);
    unturned.schedules[0]!.document.layers[0]!.participants = ['dave', 'erin', 'frank'];
    expect(agreementOf(unturned, 'payments').agreement).toBe(0);
  });

  it('a start still ahead moves back onto the grid point of the current shift (GoAlert is on call before its start)', () => {
    const r = importOf('future-start');
    expect(r.warnings).toEqual([]);
    expect(schedule(r, 'web').layers[0]).toMatchObject({ participants: ['gina', 'hank'], rotation: { every: 'P1W', start: '2027-05-17T09:00' } });
    expect(agreementOf(r, 'web')).toEqual({ agreement: 1, differences: [] });
    // Kept at GoAlert's start, the layer would leave the 18 days before it empty, and give its
    // first week to gina where GoAlert's grid, running on from now, gives it to hank.
    const kept = structuredClone(r);
    kept.schedules[0]!.document.layers[0]!.rotation = { every: 'P1W', start: '2027-06-07T09:00' };
    expect(agreementOf(kept, 'web').agreement).toBe(0);
  });

  it('a rotation GoAlert has not started (no active user, nextHandoffTimes null) starts with its first user, and says so', () => {
    const doc = fixture('future-start');
    const rotation = (doc.data as { rotations: { nodes: Record<string, unknown>[] } }).rotations.nodes[0]!;
    Object.assign(rotation, { activeUserIndex: -1, nextHandoffTimes: null });
    const r = fromGoalert(doc);
    expect(r.warnings).toEqual([warning('/data/rotations/nodes/0/activeUserIndex', 'rotation has no active user')]);
    expect(schedule(r, 'web').layers[0]).toMatchObject({ participants: ['gina', 'hank'], rotation: { every: 'P1W', start: '2027-06-07T09:00' } });
  });

  it('an hourly rotation counts wall-clock hours as GoAlert does: 08:00 and 20:00 stay, a 13-hour night at the fall-back', () => {
    const r = importOf('hourly-fall-back');
    expect(r.warnings).toEqual([]);
    expect(schedule(r, 'halves').layers[0]).toMatchObject({ participants: ['xena', 'yuri'], rotation: { every: 'PT12H', start: '2027-10-30T08:00' } });
    expect(agreementOf(r, 'halves')).toEqual({ agreement: 1, differences: [] });
  });

  it('rules: weekday filter Sunday first, overnight 17→09, start = end as 24 hours; two layers, across the EU spring-forward', () => {
    const r = importOf('day-night-rules');
    expect(r.warnings).toEqual([]);
    expect(schedule(r, 'desk').layers.map((l) => [l.id, l.activeWhen])).toEqual([
      ['day-desk', { weekly: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], from: '09:00', to: '17:00' }] }],
      [
        'night-desk',
        {
          weekly: [
            { days: ['MO', 'TU', 'WE', 'TH', 'FR'], from: '17:00', to: '09:00' },
            { days: ['SU', 'SA'], from: '09:00', to: '09:00' },
          ],
        },
      ],
    ]);
    expect(agreementOf(r, 'desk')).toEqual({ agreement: 1, differences: [] });
  });
});

describe('GoAlert: what does not map is said, with its path', () => {
  it('targets on call together become one schedule each, and the combined timeline is not compared', () => {
    const r = importOf('overlapping-targets');
    expect(r.schedules.map((s) => [s.id, s.document.name, s.document.layers.length])).toEqual([
      ['support-support-rotation', 'Support / Support rotation', 1],
      ['support-mia-moss', 'Support / Mia Moss', 1],
    ]);
    expect(r.warnings).toEqual([
      {
        path: '/data/schedules/nodes/0/targets',
        message: expect.stringContaining('"Support rotation" and "Mia Moss" are both on call at SU 00:00') as string,
      },
      { path: '/data/schedules/nodes/0/shifts', message: expect.stringContaining('not compared') as string },
    ]);
    expect(r.expected).toEqual([]);
  });

  it('a replace override covers only the replaced user\'s time; add, remove and an empty temporary afternoon are reported', () => {
    const r = importOf('overrides');
    expect(r.overrides).toEqual([
      // 12:00–24:00 on omar's day; nora's morning after it stays nora's, as in GoAlert.
      { schedule: 'primary', person: 'pat', start: Date.parse('2027-04-06T12:00:00Z'), end: Date.parse('2027-04-07T00:00:00Z'), note: expect.any(String) as string },
      { schedule: 'primary', person: 'quinn', start: Date.parse('2027-04-08T00:00:00Z'), end: Date.parse('2027-04-08T12:00:00Z'), note: 'GoAlert temporary schedule' },
    ]);
    expect(paths(r)).toEqual([
      '/data/userOverrides/nodes/1',
      '/data/userOverrides/nodes/2',
      '/data/userOverrides/nodes/3',
      '/data/schedules/nodes/0/temporarySchedules/0',
    ]);
    expect(r.warnings[0]!.message).toMatch(/^adds Pat Park alongside whoever is on call/);
    expect(r.warnings[1]!.message).toMatch(/^removes Nora Nash from those on call/);
    expect(r.warnings[2]!.message).toMatch(/Quinn Quay, who is not on call .*nothing to replace/);
    expect(r.warnings[3]!.message).toContain('nobody on call from 2027-04-08T12:00:00.000Z to 2027-04-09T00:00:00.000Z');
    // Where the temporary schedule leaves nobody, Rota's layer (omar) shows through: 12 h of 4 days.
    expect(agreementOf(r, 'primary')).toEqual({
      agreement: 0.875,
      differences: [{ start: '2027-04-08T12:00:00.000Z', end: '2027-04-09T00:00:00.000Z', expected: null, got: 'omar' }],
    });
  });

  it('rotation clocks: Go month arithmetic, another zone, seconds, no users, rules never active', () => {
    const r = importOf('rotation-clocks');
    expect(r.warnings).toEqual([
      warning('/data/rotations/nodes/0/nextHandoffTimes/0', 'GoAlert hands off at 2027-03-03T10:00:00.000Z, Rota\'s "P1M" rotation at 2027-03-31T10:00:00.000Z'),
      warning('/data/rotations/nodes/1/timeZone', 'rotation hands off in America/New_York wall-clock time; Rota counts it in the schedule\'s zone Europe/London'),
      warning('/data/rotations/nodes/1/nextHandoffTimes/3', 'GoAlert hands off at 2027-03-14T13:00:00.000Z, Rota\'s "P1D" rotation at 2027-03-14T14:00:00.000Z'),
      warning('/data/rotations/nodes/2/start', 'start 2027-03-01T12:00:30.000Z is 30 s past the minute'),
      warning('/data/rotations/nodes/3/userIDs', 'rotation "Nobody yet" has no users, so it puts nobody on call'),
      warning('/data/schedules/nodes/3/targets/1/rules', 'no rule of target "Uma Ueda" is ever active'),
    ]);
    expect(r.warnings[0]!.message).toContain('Jan 31 + 1 month = Mar 3');
    // No rule restricts "Nightly": the rotation's own zone is taken, so its handoffs stay exact.
    expect(schedule(r, 'nightly')).toMatchObject({
      timeZone: 'Asia/Tokyo',
      layers: [{ participants: ['uma', 'tess-tan'], rotation: { every: 'P2D', start: '2027-03-01T21:00' } }],
    });
    expect(schedule(r, 'follow-the-sun').timeZone).toBe('Europe/London');
    expect(schedule(r, 'idle').layers).toEqual([]);
    expect(r.people.find((p) => p.id === 'tess-tan')).toMatchObject({ name: 'Tess Tan', email: null, timeZone: null });
  });

  it('clock times DST makes GoAlert place otherwise: a rule ending in the repeated hour, times in the spring-forward gap', () => {
    const r = importOf('dst-edges');
    expect(r.warnings).toEqual([
      warning('/data/schedules/nodes/0/targets/0/rules/0/end', 'end 01:30 falls in the hour a fall-back night repeats'),
      warning('/data/schedules/nodes/0/targets/0/rules/1/start', 'start 02:30 falls in a daylight-saving gap'),
      warning('/data/rotations/nodes/0/start', 'the handoff time falls in a daylight-saving gap'),
      // GoAlert's own next handoffs show it: 03:00 EDT on Mar 14 where Rota says 03:30.
      warning('/data/rotations/nodes/0/nextHandoffTimes/3', 'GoAlert hands off at 2027-03-14T07:00:00.000Z, Rota\'s "P1D" rotation at 2027-03-14T07:30:00.000Z'),
    ]);
  });

  it('only users the schedules reference are imported', () => {
    const doc = fixture('dst-week');
    const data = doc.data as { users: { nodes: unknown[] } };
    data.users.nodes.push({ id: 'u-idle', name: 'Idle Ida', email: 'ida@example.com' });
    expect(fromGoalert(doc).people.map((p) => p.id)).toEqual(['alice', 'bob-brown', 'carol']);
  });
});

describe('GoAlert: documents that are not GoAlert\'s answer', () => {
  it('is refused with a path per problem', () => {
    expect(problemsOf([])).toEqual([{ path: '', message: 'must be an object' }]);
    expect(problemsOf({})).toEqual([
      { path: '/data', message: 'must be an object' },
      { path: '/data/users', message: 'must be an object' },
      { path: '/data/rotations', message: 'must be an object' },
      { path: '/data/schedules', message: 'must be an object' },
    ]);
    const doc = fixture('day-night-rules');
    const data = doc.data as { rotations: { nodes: Record<string, unknown>[] }; schedules: { nodes: Record<string, unknown>[] } };
    data.rotations.nodes[0]!.type = 'fortnightly';
    data.rotations.nodes[1]!.start = '2027-03-01T17:00:00';
    const rules = (data.schedules.nodes[0]!.targets as { rules: Record<string, unknown>[] }[])[1]!.rules;
    rules[0]!.end = '9:00';
    rules[1]!.weekdayFilter = [true, false];
    expect(problemsOf(doc)).toEqual([
      { path: '/data/rotations/nodes/0/type', message: 'must be one of hourly, daily, weekly, monthly' },
      { path: '/data/rotations/nodes/1/start', message: 'must be an ISO timestamp with Z or an offset' },
      { path: '/data/schedules/nodes/0/targets/1/rules/0/end', message: 'must be a clock time "HH:mm"' },
      { path: '/data/schedules/nodes/0/targets/1/rules/1/weekdayFilter', message: 'must be 7 booleans, Sunday first' },
    ]);
  });

  it('reads timestamps as GoAlert writes them (RFC 3339, nanoseconds, offsets) and refuses dates that do not exist', () => {
    const doc = fixture('overrides');
    const overrides = (doc.data as { userOverrides: { nodes: Record<string, unknown>[] } }).userOverrides.nodes;
    Object.assign(overrides[0]!, { start: '2027-04-06T17:30:00.000000001+05:30', end: '2027-04-06T19:00:00-05:00' });
    expect(fromGoalert(doc).overrides[0]).toMatchObject({ start: Date.parse('2027-04-06T12:00:00Z'), end: Date.parse('2027-04-07T00:00:00Z') });
    Object.assign(overrides[0]!, { start: '2027-02-30T10:00:00Z', end: '2027-04-06T12:00' });
    expect(problemsOf(doc)).toEqual([
      { path: '/data/userOverrides/nodes/0/start', message: 'must be an ISO timestamp with Z or an offset' },
      { path: '/data/userOverrides/nodes/0/end', message: 'must be an ISO timestamp with Z or an offset' },
    ]);
  });

  it('names references the document does not hold', () => {
    const doc = fixture('overrides');
    const data = doc.data as { rotations: { nodes: { userIDs: string[] }[] }; userOverrides: { nodes: { target: { id: string } }[] } };
    data.rotations.nodes[0]!.userIDs.push('missing-user');
    data.userOverrides.nodes[0]!.target.id = 'missing-schedule';
    expect(problemsOf(doc)).toEqual([
      { path: '/data/rotations/nodes/0/userIDs/2', message: 'unknown user "missing-user": the document\'s users must include it' },
      { path: '/data/userOverrides/nodes/0/target/id', message: 'unknown schedule "missing-schedule": the document\'s schedules must include it' },
    ]);
  });

  it('bounds lists and strings', () => {
    const many = { data: { users: { nodes: [] }, rotations: { nodes: [] }, schedules: { nodes: Array.from({ length: 2001 }, () => ({})) } } };
    expect(problemsOf(many)).toEqual([{ path: '/data/schedules/nodes', message: 'at most 2000 entries' }]);
    const doc = fixture('dst-week');
    (doc.data as { users: { nodes: { name: string }[] } }).users.nodes[0]!.name = 'x'.repeat(1001);
    expect(problemsOf(doc)).toEqual([{ path: '/data/users/nodes/0/name', message: 'at most 1000 characters' }]);
  });
});
