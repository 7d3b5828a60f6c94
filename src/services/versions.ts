/**
 * Which saved schedule versions take effect (spec §4 Versions). Each PUT is in force from its
 * `effectiveFrom` until a later-effective version takes over. A new version also supersedes
 * every earlier-saved version that was still pending at or after its own `effectiveFrom`: the
 * newest save states the admin's latest intent, so re-saving "now" cancels a change scheduled
 * for next week instead of letting it take effect later anyway.
 */
import type { ScheduleVersion } from '../db/repos/schedules.js';

/**
 * The versions that ever take effect, by effectiveFrom. A version takes effect when every
 * version saved after it has a strictly later effectiveFrom.
 */
export function versionsInForce(saved: readonly ScheduleVersion[]): ScheduleVersion[] {
  const bySave = [...saved].sort((a, b) => a.version - b.version);
  const out: ScheduleVersion[] = [];
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

/** The version answering for `at`: the last one in force by then, else the first (there is no earlier history). */
export function versionAt(inForce: readonly ScheduleVersion[], at: number): ScheduleVersion | undefined {
  let current = inForce[0];
  for (const v of inForce) if (v.effectiveFrom <= at) current = v;
  return current;
}
