/** compareTimelines (spec §16 verification): agreement by time and maximal differences, by hand. */
import { describe, expect, it } from 'vitest';
import { compareTimelines, DIFFERENCES_SHOWN } from '../../src/importers/verification.js';

const H = 3_600_000;
/** Hour offsets from 0 as the instants of a test. */
const e = (start: number, end: number, person: string | null) => ({ start: start * H, end: end * H, person });
const g = (start: number, end: number, personId: string | null) => ({ start: start * H, end: end * H, personId });

describe('compareTimelines', () => {
  it('agrees fully when both name the same people at the same times, however either side splits its entries', () => {
    const expected = { schedule: 's', from: 0, to: 10 * H, entries: [e(0, 3, 'a'), e(3, 5, 'a'), e(5, 10, 'b')] };
    expect(compareTimelines(expected, [g(0, 5, 'a'), g(5, 7, 'b'), g(7, 10, 'b')])).toEqual({ agreement: 1, differences: [] });
  });

  it('counts time neither side covers as nobody on both, and time one side leaves empty as nobody there', () => {
    // Expected: a 0–2, nobody 2–4, b 4–6, nothing after. Rota: a 0–2, gap 2–3, c 3–8, nothing 8–10.
    const expected = { schedule: 's', from: 0, to: 10 * H, entries: [e(0, 2, 'a'), e(4, 6, 'b')] };
    const got = [g(0, 2, 'a'), g(2, 3, null), g(3, 8, 'c')];
    expect(compareTimelines(expected, got)).toEqual({
      // Agree 0–3 (a, then nobody on both) and 8–10 (nobody on both): 5 of 10 hours.
      agreement: 0.5,
      differences: [
        { start: 3 * H, end: 4 * H, expected: null, got: 'c' },
        { start: 4 * H, end: 6 * H, expected: 'b', got: 'c' },
        { start: 6 * H, end: 8 * H, expected: null, got: 'c' },
      ],
    });
  });

  it('clips entries to the window and gives an overlap to the entry that started first', () => {
    const expected = { schedule: 's', from: 2 * H, to: 8 * H, entries: [e(5, 9, 'b'), e(0, 6, 'a')] };
    // Read as: a 2–6, b 6–8.
    expect(compareTimelines(expected, [g(0, 6, 'a'), g(6, 12, 'b')])).toEqual({ agreement: 1, differences: [] });
    expect(compareTimelines(expected, [g(0, 12, 'a')]).differences).toEqual([{ start: 6 * H, end: 8 * H, expected: 'b', got: 'a' }]);
  });

  it('lists the first differences only, and still counts all of them', () => {
    const entries = Array.from({ length: 50 }, (_, k) => e(k, k + 1, k % 2 === 0 ? 'a' : 'b'));
    const result = compareTimelines({ schedule: 's', from: 0, to: 50 * H, entries }, [g(0, 50, 'c')]);
    expect(result.agreement).toBe(0);
    expect(result.differences).toHaveLength(DIFFERENCES_SHOWN);
    expect(result.differences[DIFFERENCES_SHOWN - 1]).toEqual({ start: 19 * H, end: 20 * H, expected: 'b', got: 'c' });
  });
});
