/**
 * The attacks of issue 11 against a real server in a child process, as an outsider with a
 * read-only API token (and, where the same validator sits behind them, an admin's PUT and
 * import). Each is answered within 2 s with a 4xx problem — or correctly — while a watchdog
 * polls /healthz every 50 ms (no poll may take over 200 ms) and reads the server's memory
 * (under 512 MB). A closing table lists what each attack got and cost.
 *
 * One server, one file, attacks in sequence: a second suite attacking beside this one would
 * steal the CPU whose absence this suite measures. An attack that leaves the server stuck fails
 * its own test; the server is then restarted on the same file for the next one.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loginOver } from '../durability/child-server.js';
import { ADMIN } from '../helpers.js';
import {
  AbuseTarget,
  DEADLINE_MS,
  expectAnsweredWithin,
  expectCalm,
  expectProblem,
  expectRefusedField,
  record,
  request,
  watch,
  type Answer,
  type AttackRecord,
} from './helpers.js';
import {
  HOURLY,
  hourlyHolder,
  listFilling,
  overridesFrom,
  previewOf,
  rruleSchedule,
  scheduleWith,
  seed,
  type ExportDocument,
} from './fixtures.js';

/** In-budget work may take longer than the 2 s deadline, as long as nothing else waits for it. */
const BUSY_DEADLINE_MS = 15_000;
const BODY_LIMIT = 1024 * 1024;
/** An import document names when it was exported; any instant will do. */
const EXPORTED_AT = '2026-11-30T00:00:00.000Z';

const dir = mkdtempSync(join(tmpdir(), 'rota-abuse-'));
const target = new AbuseTarget(join(dir, 'rota.db'));
const records: AttackRecord[] = [];
let admin = '';
let reader = '';

const asReader = (method: string, path: string, body?: unknown, deadlineMs?: number) => request(target.base, reader, method, path, body, deadlineMs);
const asAdmin = (method: string, path: string, body?: unknown, deadlineMs?: number) => request(target.base, admin, method, path, body, deadlineMs);

/** Fires `fire` under the watchdog, records the line of the closing table, asserts calm. */
async function attack<T extends Answer | Answer[]>(name: string, fire: () => Promise<T>): Promise<T> {
  const { result, calm } = await watch(target, fire);
  records.push(record(name, Array.isArray(result) ? result : [result], calm));
  expectCalm(calm);
  return result;
}

/** The configuration as export shows it, without the moment of the export. */
async function configuration(): Promise<ExportDocument> {
  const answer = await asAdmin('GET', '/api/v1/export', undefined, 30_000);
  if (answer.status !== 200) throw new Error(`export → ${answer.status}: ${answer.body}`);
  const { exportedAt: _, ...doc } = JSON.parse(answer.body) as ExportDocument;
  return doc;
}

beforeAll(async () => {
  await target.start();
  admin = await loginOver(target.base);
  const token = await asAdmin('POST', '/api/v1/api-tokens', { name: 'outsider', scope: 'read' });
  if (token.status !== 201) throw new Error(`read token → ${token.status}: ${token.body}`);
  reader = (JSON.parse(token.body) as { token: string }).token;
  await seed(target.base, admin);
}, 60_000);

afterEach(async (context) => {
  await target.recoverIfStuck(context.task.name);
});

afterAll(async () => {
  console.log('abuse: each attack under a /healthz poll every 50 ms (limits: answer 2 s, /healthz 200 ms, 512 MB)');
  console.table(records);
  if (target.restarts.length > 0) console.log(`abuse: the server had to be restarted after: ${target.restarts.join('; ')}`);
  await target.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('an RRULE with a negative INTERVAL is refused, not expanded forever', () => {
  const rules = ['FREQ=HOURLY;INTERVAL=-1', 'FREQ=DAILY;INTERVAL=-1;COUNT=5', 'FREQ=WEEKLY;INTERVAL=-3', 'FREQ=YEARLY;INTERVAL=-1'];

  it.each(rules)('preview with a read token: %s → 400', async (rule) => {
    const answer = await attack(`preview ${rule}`, () => asReader('POST', '/api/v1/schedules/preview', previewOf(rruleSchedule(rule))));
    expectAnsweredWithin(answer);
    expectRefusedField(answer, '/schedule/layers/0/rotation/rrule');
  });

  it.each(rules)('PUT as admin: %s → 400, nothing stored', async (rule) => {
    const answer = await attack(`PUT ${rule}`, () => asAdmin('PUT', '/api/v1/schedules/negative-interval', rruleSchedule(rule)));
    expectAnsweredWithin(answer);
    expectRefusedField(answer, '/layers/0/rotation/rrule');
    expect((await asAdmin('GET', '/api/v1/schedules/negative-interval')).status).toBe(404);
  });

  it.each(rules)('import of a document containing %s → 400, nothing stored', async (rule) => {
    const before = await configuration();
    const version = { version: 1, effectiveFrom: '2026-06-01T00:00:00.000Z', savedAt: '2026-06-01T00:00:00.000Z', savedBy: 'admin@example.com' };
    const hostile = {
      ...before,
      exportedAt: EXPORTED_AT,
      schedules: [...before.schedules, { id: 'negative-interval', versions: [{ ...version, document: rruleSchedule(rule) }] }],
    };
    const answer = await attack(`import ${rule}`, () => asAdmin('POST', '/api/v1/import', hostile));
    expectAnsweredWithin(answer);
    expectRefusedField(answer, '/document/layers/0/rotation/rrule');
    expect(await configuration()).toEqual(before);
  });
});

describe('a rule with no occurrence is refused without walking to year 9999', () => {
  it.each(['FREQ=DAILY;BYMONTHDAY=-40', 'FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=HOURLY;BYHOUR=25'])('preview %s → 400', async (rule) => {
    const answer = await attack(`preview ${rule}`, () => asReader('POST', '/api/v1/schedules/preview', previewOf(rruleSchedule(rule))));
    expectAnsweredWithin(answer);
    expectRefusedField(answer, '/schedule/layers/0/rotation/rrule');
  });

  it('preview of a 40 KB rule (BYHOUR=1,1,1,…) → 400 or 413', async () => {
    const rule = `FREQ=DAILY;BYHOUR=${'1,'.repeat(20_000)}1`;
    const answer = await attack('preview 40 KB rule', () => asReader('POST', '/api/v1/schedules/preview', previewOf(rruleSchedule(rule))));
    expectAnsweredWithin(answer);
    expectRefusedField(answer, '/schedule/layers/0/rotation/rrule', [400, 413]);
  });
});

describe('far questions cost what their window costs', () => {
  it('oncall at 2199-06-01 on an hourly rule from 2026 → 200 with the right person', async () => {
    const at = Date.parse('2199-06-01T00:00:00Z');
    const answer = await attack('oncall at 2199', () => asReader('GET', `/api/v1/schedules/${HOURLY.id}/oncall?at=2199-06-01T00:00:00Z`));
    expectAnsweredWithin(answer);
    expect(answer.status, answer.body).toBe(200);
    const body = JSON.parse(answer.body) as { person: { id: string } | null; start: string; end: string };
    expect(body.person?.id).toBe(hourlyHolder(at));
    expect([Date.parse(body.start), Date.parse(body.end)]).toEqual([at, at + 3_600_000]);
  });

  it('shifts of one day in 2100 → 200 with 24 hourly shifts', async () => {
    const from = Date.parse('2100-01-01T00:00:00Z');
    const answer = await attack('shifts of a day in 2100', () =>
      asReader('GET', `/api/v1/schedules/${HOURLY.id}/shifts?from=2100-01-01T00:00:00Z&to=2100-01-02T00:00:00Z`),
    );
    expectAnsweredWithin(answer);
    expect(answer.status, answer.body).toBe(200);
    const { shifts } = JSON.parse(answer.body) as { shifts: { start: string; end: string; person: { id: string } | null }[] };
    expect(shifts.map((s) => [Date.parse(s.start) - from, s.person?.id])).toEqual(
      Array.from({ length: 24 }, (_, i) => [i * 3_600_000, hourlyHolder(from + i * 3_600_000)]),
    );
  });

  // Rota answers about instants in the years 1900–2199; beyond, a 400 naming the parameter.
  it.each([
    ['oncall at 2300', `/api/v1/schedules/${HOURLY.id}/oncall?at=2300-01-01T00:00:00Z`, '/query/at'],
    ['oncall at 9999', `/api/v1/schedules/${HOURLY.id}/oncall?at=9999-12-31T00:00:00Z`, '/query/at'],
    ['oncall at 1800', `/api/v1/schedules/${HOURLY.id}/oncall?at=1800-01-01T00:00:00Z`, '/query/at'],
    ['all oncall at 9999', '/api/v1/oncall?at=9999-12-31T00:00:00Z', '/query/at'],
    ['shifts in 2300', `/api/v1/schedules/${HOURLY.id}/shifts?from=2300-01-01T00:00:00Z&to=2300-01-02T00:00:00Z`, '/query/from'],
  ])('%s → 400', async (name, path, field) => {
    const answer = await attack(name, () => asReader('GET', path));
    expectAnsweredWithin(answer);
    expectRefusedField(answer, field);
  });
});

describe('activeWhen lists are bounded', () => {
  // The 928 KB body: one weekly entry naming 190,000 days.
  it('a weekly entry with 190,000 days → 400', async () => {
    const days = Array.from({ length: 190_000 }, () => 'MO');
    const body = previewOf(scheduleWith({ every: 'P1W', start: '2027-01-04T09:00' }, { weekly: [{ days, from: '09:00', to: '17:00' }] }));
    const answer = await attack('weekly entry with 190,000 days', () => asReader('POST', '/api/v1/schedules/preview', body));
    expectAnsweredWithin(answer);
    expectRefusedField(answer, '/days');
  });

  it.each([
    ['weekly', { from: 'MO 09:00', to: 'MO 10:00' }],
    ['dates', { start: '2027-01-04T09:00', end: '2027-01-04T10:00' }],
  ])('as many %s entries as fit in 1 MiB → 400', async (list, entry) => {
    const activeWhen = { [list]: listFilling(entry, BODY_LIMIT - 1024) };
    const body = previewOf(scheduleWith({ every: 'P1W', start: '2027-01-04T09:00' }, activeWhen));
    const answer = await attack(`${activeWhen[list]!.length} ${list} entries`, () => asReader('POST', '/api/v1/schedules/preview', body));
    expectAnsweredWithin(answer);
    expectRefusedField(answer, `/activeWhen/${list}`);
  });
});

describe('work within the budget never blocks /healthz', () => {
  // One layer handing off every 15 minutes (the shortest allowed) for 3 years: ~105,000 handoffs,
  // the edge of the budget. Computed off the event loop, or refused at the server's deadline.
  const edgeOfBudget = previewOf(scheduleWith({ every: 'PT15M', start: '2027-01-04T00:00' }), '2027-01-04T00:00:00Z', '2030-01-04T00:00:00Z');
  const preview = () => asReader('POST', '/api/v1/schedules/preview', edgeOfBudget, BUSY_DEADLINE_MS);

  function expectAnsweredOrRefused(answer: Answer): void {
    expectAnsweredWithin(answer, BUSY_DEADLINE_MS);
    // 3 years of quarter hours, two people taking turns: over 105,000 shifts.
    if (answer.status === 200) expect((JSON.parse(answer.body) as { shifts: unknown[] }).shifts.length).toBeGreaterThan(105_000);
    else expectProblem(answer, [400, 413, 422, 429, 503]);
  }

  it('a 15-minute layer over 3 years → 200 or a clear problem', { timeout: 40_000 }, async () => {
    const answer = await attack('preview PT15M × 3 years', preview);
    expectAnsweredOrRefused(answer);
  });

  it('four of them in parallel', { timeout: 60_000 }, async () => {
    const answers = await attack('4 parallel previews PT15M × 3 years', () => Promise.all([preview(), preview(), preview(), preview()]));
    answers.forEach(expectAnsweredOrRefused);
  });
});

describe('5,000 overrides on one schedule', () => {
  it('shifts and coverage over 365 days answer within 2 s', { timeout: 90_000 }, async () => {
    const from = Date.parse('2027-01-01T00:00:00Z');
    const to = Date.parse('2028-01-01T00:00:00Z');
    const doc = await configuration();
    const imported = await asAdmin('POST', '/api/v1/import', { ...doc, exportedAt: EXPORTED_AT, overrides: overridesFrom('comms', from, 5_000) }, 60_000);
    expect(imported.status, imported.body).toBe(200);

    const window = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
    const shifts = await attack('shifts 365 days, 5,000 overrides', () => asReader('GET', `/api/v1/schedules/comms/shifts?${window}`));
    expectAnsweredWithin(shifts);
    expect(shifts.status, shifts.body.slice(0, 300)).toBe(200);
    const timeline = (JSON.parse(shifts.body) as { shifts: { source: string }[] }).shifts;
    expect(timeline.filter((s) => s.source === 'override')).toHaveLength(5_000);

    const coverage = await attack('coverage 365 days, 5,000 overrides', () => asReader('GET', `/api/v1/schedules/comms/coverage?${window}`));
    expectAnsweredWithin(coverage);
    expect(coverage.status, coverage.body.slice(0, 300)).toBe(200);
    expect((JSON.parse(coverage.body) as { gaps: unknown[] }).gaps).toEqual([]);
  });
});

// Last: the flood leaves this address rate limited for a while.
describe('a sign-in flood', () => {
  it('200 parallel logins with made-up emails are refused promptly; a real login still gets an answer', { timeout: 60_000 }, async () => {
    const attempt = (email: string, password: string) => request(target.base, null, 'POST', '/api/v1/auth/login', { email, password });
    const answers = await attack('200 parallel logins + the admin', async () => {
      const flood = Promise.all(Array.from({ length: 200 }, () => attempt(`${randomUUID()}@example.com`, 'guess')));
      await sleep(50); // the real user arrives once the flood is under way
      const real = attempt(ADMIN.email, ADMIN.password);
      return [...(await flood), await real];
    });
    const flood = answers.slice(0, -1);
    const real = answers.at(-1)!;
    for (const answer of flood) {
      expectAnsweredWithin(answer);
      expectProblem(answer, [401, 429, 503]);
    }
    // One address is limited across emails: most of the flood never reaches password hashing.
    expect(flood.filter((a) => a.status === 429 || a.status === 503).length).toBeGreaterThanOrEqual(100);
    // The admin shares the flood's address, so may be limited too — but is answered, and never told the password is wrong.
    expectAnsweredWithin(real, DEADLINE_MS);
    if (real.status !== 200) expectProblem(real, [429, 503]);
  });
});
