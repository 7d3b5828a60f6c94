/**
 * Clocks for tests (AppConfig.now): the app decides with these instead of the machine's date,
 * so a test means the same thing whatever day it runs on.
 */

/** The instant startServer's clock holds unless a test passes its own: before the 2027 fixtures start. */
export const TEST_NOW = Date.parse('2026-06-01T12:00:00Z');

function epochOf(at: string | number): number {
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${at}`);
  return ms;
}

/** A clock that always says `at` (an ISO-8601 instant or epoch ms). */
export function fixedClock(at: string | number = TEST_NOW): () => number {
  const ms = epochOf(at);
  return () => ms;
}

export interface MovableClock {
  now: () => number;
  /** Jump to an ISO-8601 instant (or epoch ms). */
  set(at: string | number): void;
  advance(ms: number): void;
}

/** A clock that stands still until the test moves it. */
export function movableClock(start: string | number = TEST_NOW): MovableClock {
  let current = epochOf(start);
  return {
    now: () => current,
    set(at) {
      current = epochOf(at);
    },
    advance(ms) {
      current += ms;
    },
  };
}
