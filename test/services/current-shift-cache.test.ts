/**
 * The cached shift of the present (services/timeline-cache.ts `cachedAnswer`): computed once for an
 * instant with bounds searched twice the spec's horizon away, it must answer every later question
 * it claims to answer exactly as a fresh computation would — including shifts whose bounds lie
 * beyond the 3-year horizon (a schedule of one person, a fallback before the first rotation),
 * which were never cached before and cost a recomputation per poll.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shiftAt, SHIFT_HORIZON, type ScheduleDoc } from '../../src/engine/index.js';
import { shiftForCache } from '../../src/compute/tasks.js';
import { cachedAnswer } from '../../src/services/timeline-cache.js';
import { at, DAY, timelineInput } from '../engine/helpers.js';

const BASE = at('2027-01-04T08:00:00Z');

const docs: Record<string, ScheduleDoc> = {
  alone: {
    name: 'One person',
    timeZone: 'Europe/Berlin',
    layers: [{ id: 'l', participants: ['a'], rotation: { every: 'P1W', start: '2027-01-04T09:00' } }],
  },
  fallbackFirst: {
    name: 'Fallback until the rotation starts',
    timeZone: 'America/New_York',
    fallback: 'f',
    layers: [{ id: 'l', participants: ['a', 'b'], rotation: { every: 'P1D', start: '2031-06-01T09:00' } }],
  },
  weekly: {
    name: 'Weekly pair',
    timeZone: 'Europe/Berlin',
    layers: [{ id: 'l', participants: ['a', 'b'], rotation: { every: 'P1W', start: '2027-01-04T09:00' } }],
  },
  ending: {
    name: 'Gap from a fixed date on',
    timeZone: 'UTC',
    layers: [{ id: 'l', participants: ['a'], rotation: { every: 'P1D', start: '2026-01-01T00:00' }, activeWhen: { dates: [{ start: '2026-01-01T00:00', end: '2028-03-01T00:00' }] } }],
  },
};

describe('the cached shift of the present', () => {
  for (const [name, doc] of Object.entries(docs)) {
    it(`answers like a fresh computation wherever it answers (${name})`, () => {
      const input = timelineInput([{ effectiveFrom: at('2026-01-01T00:00:00Z'), doc }]);
      fc.assert(
        fc.property(fc.integer({ min: -400, max: 400 }), fc.integer({ min: 0, max: 4 * 365 }), fc.integer({ min: 0, max: DAY - 1 }), (d0, d, ms) => {
          const cachedAt = BASE + d0 * DAY;
          const cached = shiftForCache(input, cachedAt, true);
          const asked = cachedAt + d * DAY + ms;
          const answer = cachedAnswer(cached, asked);
          // The shift and the next one, as a question about `asked` alone computes them.
          const { shift, next } = shiftForCache(input, asked, false);
          if (answer !== null) expect(answer).toEqual({ shift, next });
          // The next shift is the one that begins where this one ends (none when the end is unknown).
          expect(next === null).toBe(shift.end === null);
          if (next !== null) {
            const after = shiftAt(input, next.start);
            expect(after.start).toBe(shift.end);
            expect(next).toEqual({ personId: after.personId, source: after.source, start: shift.end });
          }
        }),
        { numRuns: 150, seed: 11 },
      );
    });
  }

  it('keeps answering for a shift that never ends while the present moves on for years', () => {
    const input = timelineInput([{ effectiveFrom: at('2026-01-01T00:00:00Z'), doc: docs.alone! }]);
    const cached = shiftForCache(input, BASE, true);
    expect(cached.horizon).toBe(2 * SHIFT_HORIZON);
    for (const later of [0, DAY, 400 * DAY, SHIFT_HORIZON]) {
      const answer = cachedAnswer(cached, BASE + later);
      expect(answer, `${later / DAY} days later`).not.toBeNull();
      expect(answer!.shift).toEqual(shiftAt(input, BASE + later));
      expect(answer!.next).toBeNull();
    }
    // Beyond what it searched, the cache does not pretend to know.
    expect(cachedAnswer(cached, BASE + SHIFT_HORIZON + DAY)).toBeNull();
  });
});
