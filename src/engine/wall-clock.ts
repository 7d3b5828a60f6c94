/**
 * Spec §1's rule for reading a local wall-clock time in a zone with DST, in one place for the
 * engine (localtime.ts, offsets from luxon) and the web app (web/src/lib/time.ts, offsets from
 * the browser's Intl): a time that does not exist (spring-forward gap) moves forward by the
 * gap's length; one that occurs twice (fall-back overlap) is the EARLIER instant (RFC 5545
 * §3.3.5, Temporal "compatible"). Both candidate offsets are checked rather than trusting a
 * library's guess. Pure and dependency-free, so the web app can bundle it as it is.
 */

/** A zone's offsets: ms (local − UTC) in force at an instant. */
export interface OffsetSource {
  at(instant: number): number;
}

const DAY = 86_400_000;

/** Floating local time (wall-clock fields written as UTC ms) → the instant spec §1 gives it. */
export function wallClockToInstant(local: number, offsets: OffsetSource): number {
  // The offsets a day either side bracket any transition affecting this wall-clock time.
  const before = offsets.at(local - DAY);
  const after = offsets.at(local + DAY);
  if (before === after) return local - before;
  const early = local - before; // candidate read with the earlier offset
  const late = local - after; // candidate read with the later offset
  const earlyValid = offsets.at(early) === before;
  const lateValid = offsets.at(late) === after;
  if (earlyValid && lateValid) return Math.min(early, late); // repeated time: the earlier instant
  if (earlyValid) return early;
  if (lateValid) return late;
  // Skipped time: reading it with the pre-transition offset lands after the gap, moved forward
  // by exactly the gap's length (02:30 EST = 03:30 EDT).
  return early;
}
