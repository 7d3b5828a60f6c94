/**
 * Which saved schedule version answers when (spec §4 Versions), in one place. Each save is in
 * force from its `effectiveFrom` until a later-effective version takes over; the first version in
 * force also answers before its `effectiveFrom` (there is no earlier history). A new save also
 * supersedes every earlier-saved version still pending at or after its own `effectiveFrom`: the
 * newest save states the admin's latest intent, so re-saving "now" cancels a change scheduled for
 * next week instead of letting it take effect later anyway.
 *
 * Generic over the version record: the database's saved versions, an import's, and the compiled
 * versions a timeline computes with all go through these.
 */

/** A version as the rules read it: its save order and when it takes effect. */
export interface Saved {
  version: number;
  effectiveFrom: number;
}

/**
 * The versions that ever take effect, by effectiveFrom: a version takes effect when every version
 * saved after it has a strictly later effectiveFrom.
 */
export function versionsInForce<V extends Saved>(saved: readonly V[]): V[] {
  const bySave = [...saved].sort((a, b) => a.version - b.version);
  const out: V[] = [];
  let cutoff = Infinity;
  for (let i = bySave.length - 1; i >= 0; i--) {
    const v = bySave[i]!;
    if (v.effectiveFrom < cutoff) {
      out.push(v);
      cutoff = v.effectiveFrom;
    }
  }
  return out.reverse();
}

/** Index in `inForce` (sorted by effectiveFrom) of the version answering for `at`; -1 when there is none. */
function indexAt(inForce: readonly { effectiveFrom: number }[], at: number): number {
  let i = 0;
  while (i + 1 < inForce.length && inForce[i + 1]!.effectiveFrom <= at) i++;
  return inForce.length === 0 ? -1 : i;
}

/** The version answering for `at`: the last one in force by then, else the first. */
export function versionAt<V extends { effectiveFrom: number }>(inForce: readonly V[], at: number): V | undefined {
  return inForce[indexAt(inForce, at)];
}

/** The first version taking effect after `at`, or null when none is pending. */
export function nextVersion<V extends { effectiveFrom: number }>(inForce: readonly V[], at: number): V | null {
  return inForce.find((v) => v.effectiveFrom > at) ?? null;
}

/** The versions still answering from `at` on: the one answering at `at` and every pending one. */
export function currentAndPending<V extends { effectiveFrom: number }>(inForce: readonly V[], at: number): V[] {
  return inForce.slice(Math.max(0, indexAt(inForce, at)));
}

/** The part of a window one version answers for. */
export interface VersionSpan<V> {
  version: V;
  from: number;
  to: number;
}

/**
 * The window [from, to) cut where versions take over: one non-empty span per version answering
 * in it, in order. The first version in force reaches back to −∞.
 */
export function versionSpans<V extends { effectiveFrom: number }>(inForce: readonly V[], from: number, to: number): VersionSpan<V>[] {
  const spans: VersionSpan<V>[] = [];
  inForce.forEach((version, i) => {
    const lo = Math.max(from, i === 0 ? -Infinity : version.effectiveFrom);
    const hi = Math.min(to, inForce[i + 1]?.effectiveFrom ?? Infinity);
    if (hi > lo) spans.push({ version, from: lo, to: hi });
  });
  return spans;
}
