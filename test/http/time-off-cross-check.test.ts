/**
 * Time off cross-checked between endpoints (spec §6, §7, §13): random schedules — layers with
 * whenAway "next" or "keep", some with an `end` on a DST-gap local time, per-window and fixed
 * rotations, fallbacks — random time off and overrides, then a person's shifts must be the
 * schedules' shifts they hold, coverage conflicts must be exactly shifts ∩ time off, and on-call
 * answers (holder, bounds, next) must be the shifts containing the instant and the one after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers.js';
import { ok, putPeople } from './fixtures.js';

interface ApiShift { start: string; end: string; person: { id: string } | null; source: string; layer: string | null; override: string | null }
interface Conflict { person: string; start: string; end: string; timeOff: string }

const PEOPLE = ['p1', 'p2', 'p3', 'p4', 'p5'];
const HOUR = 3_600_000;
const FROM = Date.parse('2027-03-20T00:00:00Z');
const TO = FROM + 12 * 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const ms = (s: string) => Date.parse(s);

/** A small seeded generator (a failing seed replays). */
function randomOf(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  await putPeople(server, ...PEOPLE);
});
afterAll(() => server.close());

/** Conflicts as the spec defines them: each shift with a person ∩ each of their time-off entries, touching pieces merged. */
function expectedConflicts(shifts: readonly ApiShift[], timeOff: readonly { id: string; person: string; start: string; end: string }[]): Conflict[] {
  const pieces: Conflict[] = [];
  for (const s of shifts) {
    if (!s.person) continue;
    for (const t of timeOff.filter((o) => o.person === s.person!.id)) {
      const start = Math.max(ms(s.start), ms(t.start));
      const end = Math.min(ms(s.end), ms(t.end));
      if (start < end) pieces.push({ person: t.person, start: iso(start), end: iso(end), timeOff: t.id });
    }
  }
  pieces.sort((a, b) => a.start.localeCompare(b.start));
  const merged: Conflict[] = [];
  for (const p of pieces) {
    const before = merged.find((m) => m.person === p.person && m.timeOff === p.timeOff && m.end === p.start);
    if (before) before.end = p.end;
    else merged.push(p);
  }
  return merged;
}

const byStartPersonId = (a: Conflict, b: Conflict) => a.start.localeCompare(b.start) || a.person.localeCompare(b.person) || a.timeOff.localeCompare(b.timeOff);

describe('time off cross-checked between endpoints', () => {
  for (const seed of [7, 2024]) {
    it(`agrees for seed ${seed}`, { timeout: 60_000 }, async () => {
      const r = randomOf(seed);
      const ids = [0, 1, 2].map((k) => `x${seed}-${k}`);
      for (const id of ids) {
        const layers = Array.from({ length: 1 + r.int(3) }, (_, i) => ({
          id: `l${i}`,
          participants: Array.from({ length: 1 + r.int(4) }, () => r.pick(PEOPLE)),
          rotation: r.pick([{ every: r.pick(['PT8H', 'P1D', 'P1W']), start: '2027-03-21T09:00' }, { per: 'window', start: '2027-03-20T00:00' }]),
          ...(r.next() < 0.5 ? { activeWhen: { weekly: [{ days: ['MO', 'TU', 'SA', 'SU'], from: '02:30', to: '17:00' }] } } : {}),
          ...(r.next() < 0.7 ? { whenAway: 'next' } : {}),
          // 02:30 on the EU spring-forward day: a local time that does not exist in Berlin.
          ...(r.next() < 0.3 ? { end: '2027-03-28T02:30' } : {}),
        }));
        const fallback = r.next() < 0.5 ? { fallback: r.pick(PEOPLE) } : {};
        await ok(server, 'PUT', `/api/v1/schedules/${id}`, { name: id, timeZone: r.pick(['Europe/Berlin', 'America/New_York']), requireCoverage: false, ...fallback, layers });
      }
      for (let i = 0; i < 12; i++) {
        const start = FROM + r.int(240) * HOUR;
        await ok(server, 'POST', `/api/v1/people/${r.pick(PEOPLE)}/time-off`, { start: iso(start), end: iso(start + (1 + r.int(60)) * HOUR) });
      }
      for (const id of ids) {
        const start = FROM + r.int(240) * HOUR;
        await ok(server, 'POST', `/api/v1/schedules/${id}/overrides`, { person: r.pick(PEOPLE), start: iso(start), end: iso(start + 7 * HOUR) });
      }
      const window = `from=${iso(FROM)}&to=${iso(TO)}`;
      const shifts = new Map<string, ApiShift[]>();
      for (const id of ids) shifts.set(id, (await ok(server, 'GET', `/api/v1/schedules/${id}/shifts?${window}`)).shifts);
      const timeOff = (await Promise.all(PEOPLE.map((p) => ok(server, 'GET', `/api/v1/people/${p}/time-off`)))).flatMap((b) => b.timeOff);

      for (const p of PEOPLE) {
        const mine = ((await ok(server, 'GET', `/api/v1/people/${p}/shifts?${window}`)).shifts as (Omit<ApiShift, 'person'> & { schedule: string })[])
          .filter((x) => ids.includes(x.schedule))
          .map((x) => [x.schedule, x.start, x.end, x.source, x.layer, x.override]);
        const held = ids
          .flatMap((id) => shifts.get(id)!.filter((x) => x.person?.id === p).map((x) => [id, x.start, x.end, x.source, x.layer, x.override]))
          .sort((a, b) => a[1]!.localeCompare(b[1]!) || a[0]!.localeCompare(b[0]!));
        expect(mine, `shifts of ${p}`).toEqual(held);
      }

      for (const id of ids) {
        const list = shifts.get(id)!;
        const coverage = await ok(server, 'GET', `/api/v1/schedules/${id}/coverage?${window}`);
        expect([...coverage.conflicts].sort(byStartPersonId), `conflicts of ${id}`).toEqual(expectedConflicts(list, timeOff).sort(byStartPersonId));
        for (let i = 0; i < 25; i++) {
          const at = FROM + r.int(12 * 24 * 60) * 60_000;
          const answer = await ok(server, 'GET', `/api/v1/schedules/${id}/oncall?at=${iso(at)}`);
          const k = list.findIndex((x) => ms(x.start) <= at && at < ms(x.end));
          const shift = list[k]!;
          expect([answer.person?.id ?? null, answer.source, answer.layer, answer.override], `${id} at ${iso(at)}`).toEqual([shift.person?.id ?? null, shift.source, shift.layer, shift.override]);
          if (k > 0) expect(answer.start).toBe(shift.start);
          if (k < list.length - 1) {
            const following = list[k + 1]!;
            expect(answer.end).toBe(shift.end);
            expect([answer.next.person?.id ?? null, answer.next.source, answer.next.start]).toEqual([following.person?.id ?? null, following.source, following.start]);
          }
        }
      }
    });
  }
});
