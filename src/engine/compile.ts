/** Compiles a validated schedule document into the per-layer calculators the timeline sweeps. */
import type { ScheduleDoc } from './types.js';
import { type CompiledActiveWhen, compileActiveWhen } from './active-when.js';
import { type RotationClock, compileRotation } from './rotation.js';
import { parseLocalDateTime, toInstant } from './localtime.js';

export interface CompiledLayer {
  readonly id: string;
  readonly name?: string;
  readonly participants: readonly string[];
  readonly rotation: RotationClock;
  readonly activeWhen: CompiledActiveWhen;
  /** Instant of the layer's `end` (spec §1 rule for local times); Infinity when it never ends. */
  readonly end: number;
  /** Spec §13: "next" hands an away participant's time to the next one available. */
  readonly whenAway: 'next' | 'keep';
}

export interface CompiledSchedule {
  readonly doc: ScheduleDoc;
  readonly timeZone: string;
  readonly fallback: string | null;
  readonly layers: readonly CompiledLayer[];
}

/** Assumes `validateSchedule(doc)` returned no problems. */
export function compileSchedule(doc: ScheduleDoc): CompiledSchedule {
  const zone = doc.timeZone;
  return {
    doc,
    timeZone: zone,
    fallback: doc.fallback ?? null,
    layers: doc.layers.map((layer) => {
      const activeWhen = compileActiveWhen(zone, layer.activeWhen);
      return {
        id: layer.id,
        ...(layer.name !== undefined ? { name: layer.name } : {}),
        participants: [...layer.participants],
        rotation: compileRotation(zone, layer.rotation, activeWhen),
        activeWhen,
        end: layer.end === undefined ? Infinity : toInstant(zone, parseLocalDateTime(layer.end)!),
        whenAway: layer.whenAway ?? 'keep',
      };
    }),
  };
}

/** Calendar ids the schedule's layers reference, sorted and unique. */
export function calendarsOf(doc: ScheduleDoc): string[] {
  const ids = doc.layers.flatMap((l) => (l.activeWhen?.holidays ?? []).map((h) => h.calendar));
  return [...new Set(ids)].sort();
}

/** Person ids the schedule references (participants and fallback), sorted and unique. */
export function peopleOf(doc: ScheduleDoc): string[] {
  const ids = doc.layers.flatMap((l) => l.participants);
  if (doc.fallback) ids.push(doc.fallback);
  return [...new Set(ids)].sort();
}
