/**
 * Clocks for tests (AppConfig.now): the app decides with these instead of the machine's date,
 * so a test means the same thing whatever day it runs on.
 */

import type { Timer } from '../src/config.js';

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

/** The timer of a clock that never moves: nothing it is asked to wake ever falls due. */
export const stillTimer: Timer = { at: () => () => undefined };

export interface MovableClock {
  now: () => number;
  /**
   * Timers on this clock (AppConfig.timer): a wake-up asked for at an instant runs when the test
   * moves the clock to it or past it, never by itself.
   */
  timer: Timer;
  /** Jump to an ISO-8601 instant (or epoch ms), running the timers that fell due, in order. */
  set(at: string | number): void;
  advance(ms: number): void;
}

/** A clock that stands still until the test moves it. */
export function movableClock(start: string | number = TEST_NOW): MovableClock {
  let current = epochOf(start);
  let timers: { at: number; wake: () => void }[] = [];
  const moveTo = (to: number): void => {
    current = to;
    const due = timers.filter((t) => t.at <= to).sort((a, b) => a.at - b.at);
    timers = timers.filter((t) => t.at > to);
    for (const t of due) t.wake();
  };
  return {
    now: () => current,
    timer: {
      at(at, wake) {
        const entry = { at, wake };
        timers.push(entry);
        return () => {
          timers = timers.filter((t) => t !== entry);
        };
      },
    },
    set(at) {
      moveTo(epochOf(at));
    },
    advance(ms) {
      moveTo(current + ms);
    },
  };
}
