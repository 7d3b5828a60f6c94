/**
 * The PagerDuty mapper on documents shaped as PagerDuty's REST API returns them (fixtures/pagerduty,
 * built from the API reference's schemas and examples), each carrying a final schedule checked by
 * hand: Rota's timeline of the import must agree with it everywhere, and each fixture must be able
 * to tell a wrong mapping apart (the counter-checks below).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateSchedule } from '../../src/engine/index.js';
import { fromPagerDuty } from '../../src/importers/pagerduty.js';
import { SourceDocumentError, type SourceImport } from '../../src/importers/types.js';
import { agreementOf } from './agreement.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/pagerduty/${name}.json`, import.meta.url), 'utf8'));
}

function imported(name: string): SourceImport {
  return fromPagerDuty(fixture(name));
}

function schedule(result: SourceImport, id: string) {
  const s = result.schedules.find((x) => x.id === id);
  if (!s) throw new Error(`no schedule ${id} among ${result.schedules.map((x) => x.id).join(', ')}`);
  return s.document;
}

/** The import with one schedule's layers put in another order (what a wrong mapping would do). */
function withLayers(result: SourceImport, id: string, reorder: <T>(layers: T[]) => T[]): SourceImport {
  return {
    ...result,
    schedules: result.schedules.map((s) => (s.id === id ? { ...s, document: { ...s.document, layers: reorder(s.document.layers) } } : s)),
  };
}

function problemsOf(document: unknown): { path: string; message: string }[] {
  try {
    fromPagerDuty(document);
  } catch (e) {
    if (e instanceof SourceDocumentError) return e.problems;
    throw e;
  }
  throw new Error('the document was accepted');
}

describe('the API reference example (GET /schedules/{id})', () => {
  const result = imported('documented-example');

  it('maps the layer, starting mid-turn, to a first turn and the rotation from the first handoff', () => {
    expect(result.schedules).toEqual([
      {
        id: 'daily-engineering-rotation',
        sourceId: 'PI7DH85',
        document: {
          name: 'Daily Engineering Rotation',
          timeZone: 'America/New_York',
          requireCoverage: false,
          layers: [
            {
              id: 'layer-1-first-turn',
              name: 'Layer 1 (first turn)',
              participants: ['regina-phalange'],
              rotation: { every: 'P1D', start: '2015-11-06T21:00' },
              end: '2015-11-07T20:00',
              activeWhen: { weekly: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], from: '08:00', to: '17:00' }] },
            },
            {
              id: 'layer-1',
              name: 'Layer 1',
              participants: ['regina-phalange'],
              rotation: { every: 'P1D', start: '2015-11-07T20:00' },
              activeWhen: { weekly: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], from: '08:00', to: '17:00' }] },
            },
          ],
        },
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('imports only the users the schedules name, with ids from their emails', () => {
    expect(result.people).toEqual([
      { id: 'regina-phalange', name: 'Regina Phalange', email: 'regina.phalange@example.com', timeZone: 'America/New_York', sourceId: 'PXPGF42' },
    ]);
  });

  it("reads the final schedule over the document's window, gaps as nobody", () => {
    const at = (s: string) => Date.parse(s);
    expect(result.expected).toEqual([
      {
        schedule: 'daily-engineering-rotation',
        from: at('2015-11-09T05:00:00Z'),
        to: at('2015-11-11T05:00:00Z'),
        entries: [
          { start: at('2015-11-09T05:00:00Z'), end: at('2015-11-09T13:00:00Z'), person: null },
          { start: at('2015-11-09T13:00:00Z'), end: at('2015-11-09T22:00:00Z'), person: 'regina-phalange' },
          { start: at('2015-11-09T22:00:00Z'), end: at('2015-11-10T13:00:00Z'), person: null },
          { start: at('2015-11-10T13:00:00Z'), end: at('2015-11-10T22:00:00Z'), person: 'regina-phalange' },
          { start: at('2015-11-10T22:00:00Z'), end: at('2015-11-11T05:00:00Z'), person: null },
        ],
      },
    ]);
    expect(agreementOf(result, 'daily-engineering-rotation')).toEqual({ agreement: 1, differences: [] });
  });
});

describe('layer order: GET lists the top layer first', () => {
  const result = imported('layer-order');

  it('puts the top layer last in Rota, where it wins, and agrees with the final schedule', () => {
    expect(schedule(result, 'platform-primary').layers.map((l) => l.id)).toEqual(['weekdays', 'weekend']);
    expect(schedule(result, 'platform-primary').layers[1]!.activeWhen).toEqual({ weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] });
    expect(agreementOf(result, 'platform-primary')).toEqual({ agreement: 1, differences: [] });
  });

  it('would disagree on every weekend with the layers in the order GET lists them', () => {
    const wrong = agreementOf(withLayers(result, 'platform-primary', (l) => [...l].reverse()), 'platform-primary');
    // The weekends (64 h + the last 55 h of the two weeks) go to the weekday rotation.
    expect(wrong.agreement).toBeCloseTo((336 - 64 - 55) / 336, 12);
    expect(wrong.differences[0]).toEqual({ start: '2027-01-08T16:00:00.000Z', end: '2027-01-11T08:00:00.000Z', expected: 'jim-halpert', got: 'regina-phalange' });
  });
});

describe('rotation_virtual_start: the rotation phase, anchored before or after the layer start', () => {
  const result = imported('virtual-start');

  it('continues the order where the anchor puts it (35 daily turns before the layer start)', () => {
    const layers = schedule(result, 'support-daily').layers;
    expect(layers.map((l) => [l.participants, l.rotation, l.end])).toEqual([
      [['jim-halpert'], { every: 'P1D', start: '2027-01-05T14:30' }, '2027-01-06T08:00'],
      [['regina-phalange', 'aurelio-rice', 'jim-halpert'], { every: 'P1D', start: '2027-01-06T08:00' }, undefined],
    ]);
    expect(agreementOf(result, 'support-daily')).toEqual({ agreement: 1, differences: [] });
  });

  it('counts turns backwards from an anchor after the layer start (12 h turns)', () => {
    const layers = schedule(result, 'support-halves').layers;
    expect(layers.map((l) => [l.participants, l.rotation])).toEqual([
      [['aurelio-rice'], { every: 'PT12H', start: '2027-01-06T09:00' }],
      [['regina-phalange', 'aurelio-rice'], { every: 'PT12H', start: '2027-01-06T20:00' }],
    ]);
    expect(agreementOf(result, 'support-halves')).toEqual({ agreement: 1, differences: [] });
  });

  it('would disagree if the rotation started at the layer start instead of the anchor', () => {
    const naive = withLayers(result, 'support-daily', (layers) => [
      { ...(layers[1] as (typeof layers)[number]), participants: ['regina-phalange', 'aurelio-rice', 'jim-halpert'], rotation: { every: 'P1D', start: '2027-01-05T14:30' } },
    ]);
    expect(agreementOf(naive, 'support-daily').agreement).toBeLessThan(0.5);
  });
});

describe('rotation_turn_length_seconds', () => {
  const result = imported('turn-length');

  it('maps a custom 36-hour turn to PT36H', () => {
    expect(schedule(result, 'thirty-six-hours').layers.map((l) => l.rotation)).toEqual([{ every: 'PT36H', start: '2027-02-01T06:00' }]);
    expect(agreementOf(result, 'thirty-six-hours')).toEqual({ agreement: 1, differences: [] });
  });

  it('leaves out a layer whose turn is shorter than 15 minutes, saying why', () => {
    expect(schedule(result, 'ten-minutes').layers).toEqual([]);
    expect(result.warnings).toContainEqual({
      path: '/schedules/1/schedule/schedule_layers/0/rotation_turn_length_seconds',
      message: expect.stringContaining("shorter than Rota's shortest handoff interval"),
    });
  });

  it('drops seconds (Rota has minutes) with a warning at each place they were', () => {
    const layers = schedule(result, 'seconds').layers;
    expect(layers.map((l) => [l.rotation, l.activeWhen])).toEqual([
      [{ every: 'PT1H', start: '2021-07-30T15:58' }, { weekly: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], from: '12:31', to: '13:31' }] }],
    ]);
    const at = '/schedules/2/schedule/schedule_layers/0';
    expect(result.warnings.filter((w) => w.path.startsWith(at)).map((w) => w.path)).toEqual([
      `${at}/rotation_turn_length_seconds`,
      `${at}/restrictions/0/start_time_of_day`,
      `${at}/restrictions/0/duration_seconds`,
      `${at}/start`,
      `${at}/rotation_virtual_start`,
    ]);
    expect(result.warnings.find((w) => w.path === `${at}/start`)!.message).toMatch(/seconds.*dropped/);
  });
});

describe('restrictions', () => {
  it('maps a daily restriction crossing midnight to an overnight span, split at a midnight handoff', () => {
    const result = imported('daily-restriction-overnight');
    expect(schedule(result, 'nights').layers[0]!.activeWhen).toEqual({
      weekly: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], from: '17:00', to: '09:00' }],
    });
    expect(agreementOf(result, 'nights')).toEqual({ agreement: 1, differences: [] });
  });

  it('maps a restriction holding at every moment (a whole day, a whole week) to an always-active layer', () => {
    const restricted = (restrictions: unknown[]) =>
      fromPagerDuty({
        users: [],
        schedules: [
          {
            id: 'PS1',
            name: 'S',
            time_zone: 'UTC',
            schedule_layers: [
              {
                start: '2027-01-04T09:00:00Z',
                rotation_virtual_start: '2027-01-04T09:00:00Z',
                rotation_turn_length_seconds: 86400,
                users: [{ user: { id: 'PXPGF42' } }],
                restrictions,
              },
            ],
          },
        ],
      });
    const daily = { type: 'daily_restriction', start_time_of_day: '09:00:00', duration_seconds: 3600 };
    for (const whole of [
      { type: 'daily_restriction', start_time_of_day: '17:00:00', duration_seconds: 86400 },
      { type: 'weekly_restriction', start_time_of_day: '17:00:00', duration_seconds: 604800, start_day_of_week: 5 },
    ]) {
      expect(restricted([daily, whole]).schedules[0]!.document.layers[0]!.activeWhen).toBeUndefined();
    }
    const tooMany = restricted(Array.from({ length: 101 }, () => daily));
    expect(tooMany.schedules[0]!.document.layers).toEqual([]);
    expect(tooMany.warnings).toContainEqual({ path: '/schedules/0/schedule_layers/0/restrictions', message: expect.stringContaining('more than 100 restrictions') });
  });

  it('reads start_day_of_week as ISO (7 = Sunday), spans into the next week, and a handoff inside a window', () => {
    const result = imported('weekly-restriction');
    const id = 'sunday-nights-and-wednesdays';
    expect(schedule(result, id).layers[0]!.activeWhen).toEqual({
      weekly: [
        { from: 'SU 20:00', to: 'MO 09:00' },
        { from: 'WE 09:00', to: 'WE 17:00' },
      ],
    });
    expect(agreementOf(result, id)).toEqual({ agreement: 1, differences: [] });
    // Sunday read as day 0 (Sunday-first) would put the night on Monday evening.
    const sundayFirst = withLayers(result, id, (layers) =>
      layers.map((l) => ({ ...l, activeWhen: { weekly: [{ from: 'MO 20:00', to: 'TU 09:00' }, { from: 'WE 09:00', to: 'WE 17:00' }] } })),
    );
    expect(agreementOf(sundayFirst, id).agreement).toBeLessThan(1);
  });
});

describe('layer end', () => {
  const result = imported('layer-end');

  it('ends a layer mid-turn and hands over to the layer that replaced it', () => {
    const layers = schedule(result, 'handover').layers;
    expect(layers.map((l) => [l.id, l.end])).toEqual([
      ['layer-2', '2027-01-13T09:00'],
      ['layer-3', undefined],
    ]);
    expect(agreementOf(result, 'handover')).toEqual({ agreement: 1, differences: [] });
  });

  it('leaves out a layer that ends when it starts, saying why', () => {
    expect(result.warnings).toContainEqual({
      path: '/schedules/0/schedule/schedule_layers/2/end',
      message: expect.stringContaining('not after the layer start'),
    });
  });

  it('keeps only the first turn of a layer that ends before its first handoff', () => {
    expect(schedule(result, 'short-stint').layers).toEqual([
      { id: 'layer-1-first-turn', name: 'Layer 1 (first turn)', participants: ['regina-phalange'], rotation: { every: 'P1W', start: '2027-01-04T12:00' }, end: '2027-01-08T09:00' },
    ]);
    expect(agreementOf(result, 'short-stint')).toEqual({ agreement: 1, differences: [] });
  });
});

describe('overrides (GET /schedules/{id}/overrides)', () => {
  const result = imported('overrides');

  it('imports them as instants, with the override id in the note, and agrees with the final schedule', () => {
    expect(result.overrides).toEqual([
      { schedule: 'weekly', person: 'aurelio-rice', start: Date.parse('2012-07-01T04:00:00Z'), end: Date.parse('2012-07-02T04:00:00Z'), note: 'PagerDuty override PQ47DCP' },
      { schedule: 'weekly', person: 'regina-phalange', start: Date.parse('2012-07-02T16:00:00Z'), end: Date.parse('2012-07-02T18:00:00Z'), note: 'PagerDuty override PR2X9ZD' },
    ]);
    expect(agreementOf(result, 'weekly')).toEqual({ agreement: 1, differences: [] });
    expect(agreementOf({ ...result, overrides: [] }, 'weekly').agreement).toBeLessThan(1);
  });

  it('imports a person named only by an override', () => {
    expect(result.people.map((p) => p.id)).toEqual(['regina-phalange', 'aurelio-rice', 'jim-halpert']);
    expect(result.people[1]!.email).toBe('aurelio.rice@example.com');
  });

  it("leaves out the overrides of a schedule the document doesn't carry, saying why", () => {
    expect(result.warnings).toEqual([{ path: '/overrides/PGONE42', message: expect.stringContaining('not among the imported schedules') }]);
  });
});

describe('DST', () => {
  const result = imported('dst-week');

  it('keeps handoffs and restrictions at their wall-clock times through a spring-forward week', () => {
    expect(schedule(result, 'spring-forward').layers.map((l) => l.id)).toEqual(['weekly', 'nights']);
    expect(agreementOf(result, 'spring-forward')).toEqual({ agreement: 1, differences: [] });
  });

  it('warns about a layer starting in the second pass of a fall-back hour, which Rota reads as the first', () => {
    expect(result.warnings).toEqual([
      { path: '/schedules/1/schedule/schedule_layers/0/start', message: expect.stringContaining('second pass of a repeated hour') },
    ]);
  });
});

describe('what does not map', () => {
  const result = imported('warnings');

  it('names each construct with its path and why', () => {
    expect(result.warnings.map((w) => w.path)).toEqual([
      '/schedules/0/schedule_layers/0/restrictions',
      '/schedules/1',
      '/schedules/2/time_zone',
      '/schedules/3/id',
      '/schedules/4/schedule_layers/1/restrictions/0',
      '/schedules/4/schedule_layers/1/restrictions',
      '/schedules/4/schedule_layers/0/users',
      '/schedules/4/name',
      '/overrides/PRAILS1/1',
      '/users/1/time_zone',
      '/users',
    ]);
    const about = (path: string) => result.warnings.find((w) => w.path === path)!.message;
    expect(about('/schedules/0/schedule_layers/0/restrictions')).toContain('rendered at UTC offset +00:00');
    expect(about('/schedules/1')).toContain('flexible (v3) schedule');
    expect(about('/schedules/4/schedule_layers/0/users')).toContain('has no users');
    expect(about('/users')).toContain('PGHOST1 (Casper Ghost)');
    expect(about('/overrides/PRAILS1/1')).toContain('overlaps the override at /overrides/PRAILS1/0');
  });

  it('reads a Rails time zone name as its IANA zone, and shortens a name longer than Rota takes', () => {
    expect(result.schedules.map((s) => [s.id, s.document.timeZone, s.document.name.length])).toEqual([
      ['rendered-in-utc', 'America/New_York', 15],
      ['n'.repeat(56), 'UTC', 200],
    ]);
  });

  it('makes people of users missing from /users (no email) and drops an unknown time zone', () => {
    expect(result.people).toEqual([
      { id: 'regina-phalange', name: 'Regina Phalange', email: 'regina.phalange@example.com', timeZone: 'America/New_York', sourceId: 'PXPGF42' },
      { id: 'nadia', name: 'Nadia Nowhere', email: 'nadia@example.com', timeZone: null, sourceId: 'PNOWHR1' },
      { id: 'casper-ghost', name: 'Casper Ghost', email: null, timeZone: null, sourceId: 'PGHOST1' },
    ]);
  });
});

describe('the final schedule', () => {
  /** The API reference example with its final schedule's entries and window replaced. */
  function withFinal(entries: { start: string; end: string }[], window: { since?: string; until?: string }) {
    const doc = fixture('documented-example') as { since?: string; until?: string; schedules: { schedule: Record<string, unknown> }[] };
    delete doc.since;
    delete doc.until;
    const user = { id: 'PXPGF42', type: 'user_reference', summary: 'Regina Phalange' };
    doc.schedules[0]!.schedule.final_schedule = { name: 'Final Schedule', rendered_schedule_entries: entries.map((e) => ({ ...e, user })) };
    return fromPagerDuty({ ...doc, ...window });
  }
  const day9 = { start: '2015-11-09T08:00:00-05:00', end: '2015-11-09T17:00:00-05:00' };
  const day10 = { start: '2015-11-10T08:00:00-05:00', end: '2015-11-10T17:00:00-05:00' };

  it("covers the entries' extent when the document gives no since/until", () => {
    const [expected] = withFinal([day10, day9], {}).expected;
    expect([expected!.from, expected!.to]).toEqual([Date.parse(day9.start), Date.parse(day10.end)]);
    expect(expected!.entries.map((e) => e.person)).toEqual(['regina-phalange', null, 'regina-phalange']);
  });

  it('cuts entries reaching past since/until (overflow=true) at the window', () => {
    const [expected] = withFinal([day9], { since: '2015-11-09T12:00:00-05:00', until: '2015-11-09T13:00:00-05:00' }).expected;
    expect(expected!.entries).toEqual([{ start: Date.parse('2015-11-09T17:00:00Z'), end: Date.parse('2015-11-09T18:00:00Z'), person: 'regina-phalange' }]);
  });

  it('does not verify against entries that overlap, saying why', () => {
    const result = withFinal([day9, { start: '2015-11-09T16:00:00-05:00', end: '2015-11-09T18:00:00-05:00' }], {});
    expect(result.expected).toEqual([]);
    expect(result.warnings).toEqual([{ path: '/schedules/0/schedule/final_schedule/rendered_schedule_entries', message: expect.stringContaining('overlap') }]);
  });
});

describe('every fixture', () => {
  const names = readdirSync(new URL('./fixtures/pagerduty/', import.meta.url)).map((f) => f.replace(/\.json$/, ''));

  it.each(names)('%s: makes schedule documents the engine accepts, naming only imported people', (name) => {
    const result = imported(name);
    const people = new Set(result.people.map((p) => p.id));
    for (const s of result.schedules) expect(validateSchedule(s.document, { people }), s.id).toEqual([]);
    for (const o of result.overrides) expect(people.has(o.person)).toBe(true);
  });
});

describe('documents that are not PagerDuty’s', () => {
  const layer = {
    start: '2027-01-04T09:00:00+01:00',
    rotation_virtual_start: '2027-01-04T09:00:00+01:00',
    rotation_turn_length_seconds: 604800,
    users: [{ user: { id: 'PXPGF42', type: 'user_reference' } }],
  };
  const schedule = { id: 'PS1', name: 'S', time_zone: 'Europe/Berlin', schedule_layers: [layer] };

  it('accepts the minimal document', () => {
    expect(fromPagerDuty({ users: [], schedules: [schedule] }).schedules).toHaveLength(1);
  });

  it('accepts the API’s own wrappers: {"users": […]}, {"schedules": […]} and {"schedule": …}', () => {
    const wrapped = fromPagerDuty({ users: { users: [] }, schedules: { schedules: [{ schedule }] } });
    expect(wrapped).toEqual(fromPagerDuty({ users: [], schedules: [schedule] }));
    expect(problemsOf({ users: [], schedules: { schedules: [{ schedule: { ...schedule, time_zone: 7 } }] } })).toEqual([
      { path: '/schedules/schedules/0/schedule/time_zone', message: 'must be a non-empty string' },
    ]);
  });

  it('names every problem by its JSON pointer', () => {
    expect(problemsOf([])).toEqual([{ path: '', message: 'must be an object' }]);
    expect(
      problemsOf({
        since: '2027-01-04T09:00',
        users: { users: [{ name: 'No id' }] },
        schedules: [
          { schedule: { ...schedule, schedule_layers: [{ ...layer, rotation_virtual_start: undefined, rotation_turn_length_seconds: 0 }] } },
          { ...schedule, time_zone: 7, schedule_layers: [{ ...layer, restrictions: [{ type: 'weekly_restriction', start_time_of_day: '25:00:00', duration_seconds: 3600 }] }] },
          { ...schedule, schedule_layers: [{ ...layer, restrictions: [{ type: 'monthly_restriction', start_time_of_day: '09:00:00', duration_seconds: 3600 }] }] },
        ],
        overrides: { PS1: [{ start: '2027-01-04T09:00:00Z', end: 'soon', user: { id: 'PXPGF42' } }] },
      }).map((p) => p.path),
    ).toEqual([
      '/since',
      '/users/users/0/id',
      '/schedules/0/schedule/schedule_layers/0/rotation_virtual_start',
      '/schedules/0/schedule/schedule_layers/0/rotation_turn_length_seconds',
      '/schedules/1/time_zone',
      '/schedules/1/schedule_layers/0/restrictions/0/start_time_of_day',
      '/schedules/1/schedule_layers/0/restrictions/0/start_day_of_week',
      '/schedules/2/schedule_layers/0/restrictions/0/type',
      '/overrides/PS1/0/end',
    ]);
  });

  it('bounds what it reads: schedules, users, overrides, strings', () => {
    expect(problemsOf({ users: [], schedules: Array.from({ length: 2001 }, () => schedule) })).toEqual([{ path: '/schedules', message: 'at most 2000 schedules' }]);
    expect(problemsOf({ users: Array.from({ length: 10_001 }, () => ({ id: 'P' })), schedules: [] })).toEqual([{ path: '/users', message: 'at most 10000 users' }]);
    expect(problemsOf({ users: [], schedules: [{ ...schedule, name: 'x'.repeat(1001) }] })).toEqual([{ path: '/schedules/0/name', message: 'at most 1000 characters' }]);
    const override = { start: '2027-01-04T09:00:00Z', end: '2027-01-05T09:00:00Z', user: { id: 'PXPGF42' } };
    const many = Array.from({ length: 50_001 }, () => override);
    expect(problemsOf({ users: [], schedules: [], overrides: { A: many, B: many } })).toEqual([{ path: '/overrides', message: 'at most 100000 overrides in all' }]);
  });
});
