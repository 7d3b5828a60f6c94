/**
 * Escalation chains (spec §8): whom to page, level by level, and who that is at an instant.
 * A schedule target resolves through the schedule's final timeline, so overrides apply.
 */
import type { Actor, Repositories } from '../db/index.js';
import type { ChainTarget, EscalationChain, EscalationChainInput } from '../db/repos/escalation-chains.js';
import type { ShiftSource } from '../engine/index.js';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import { assertCreatable, type PutOptions } from './create-only.js';
import { scheduleNameAt } from './oncall.js';
import type { PeopleService } from './people.js';
import type { TimelineCache } from './timeline-cache.js';

export type { EscalationChain };

export type EscalationChainsService = ReturnType<typeof escalationChainsService>;

/** A chain as submitted: targets not yet checked to name exactly one of schedule or person. */
export interface ChainDraft {
  name: string;
  levels: { targets: { schedule?: string; person?: string }[]; escalateAfterMinutes: number }[];
  repeat: number;
}

export interface ResolvedTarget {
  schedule?: string;
  /** The schedule's name in the version in force at the instant. */
  scheduleName?: string;
  /** Who is paged: the person target itself, or whoever holds the schedule at the instant. */
  personId: string | null;
  source: ShiftSource | 'person';
  /**
   * The bounds of the holder's final shift (null beyond 3 years, and for a person target): a
   * tool may cache the answer until `end`.
   */
  start: number | null;
  end: number | null;
}

export interface ResolvedLevel {
  level: number;
  startsAfterMinutes: number;
  escalateAfterMinutes: number;
  targets: ResolvedTarget[];
}

/**
 * A chain's problems against the schedules and people there are, paths relative to the chain (a
 * PUT's body, an import's `/escalationChains/i`): each target names exactly one that exists.
 */
export function chainProblems(input: ChainDraft, known: { schedules: { has(id: string): boolean }; people: { has(id: string): boolean } }): FieldProblem[] {
  const errors: FieldProblem[] = [];
  input.levels.forEach((level, i) =>
    level.targets.forEach((t, j) => {
      const path = `/levels/${i}/targets/${j}`;
      if ((t.schedule === undefined) === (t.person === undefined)) {
        errors.push({ path, message: 'a target names exactly one of "schedule" or "person"' });
      } else if (t.schedule !== undefined && !known.schedules.has(t.schedule)) {
        errors.push({ path: `${path}/schedule`, message: `unknown schedule "${t.schedule}"` });
      } else if (t.person !== undefined && !known.people.has(t.person)) {
        errors.push({ path: `${path}/person`, message: `unknown person "${t.person}"` });
      }
    }),
  );
  return errors;
}

/** A checked chain as stored: each target holds only the one field it names. */
export function chainInput(draft: ChainDraft): EscalationChainInput {
  return {
    name: draft.name,
    repeat: draft.repeat,
    levels: draft.levels.map((l) => ({
      escalateAfterMinutes: l.escalateAfterMinutes,
      targets: l.targets.map((t): ChainTarget => (t.schedule !== undefined ? { schedule: t.schedule } : { person: t.person! })),
    })),
  };
}

export function escalationChainsService(repos: Repositories, timelines: TimelineCache, people: PeopleService, now: () => number) {
  async function get(id: string): Promise<EscalationChain> {
    const chain = await repos.escalationChains.get(id);
    if (!chain) throw new NotFoundError('escalation chain', id);
    return chain;
  }

  async function resolveTarget(t: ChainTarget, at: number): Promise<ResolvedTarget> {
    if ('person' in t) return { personId: t.person, source: 'person', start: null, end: null };
    const state = await timelines.get(t.schedule);
    // Schedules in a chain cannot be deleted (references), so a missing one is a gap, not an error.
    if (!state) return { schedule: t.schedule, personId: null, source: 'gap', start: null, end: null };
    const { shift } = (await timelines.shiftsAt([state], at))[0]!;
    return { schedule: t.schedule, scheduleName: scheduleNameAt(state, at), personId: shift.personId, source: shift.source, start: shift.start, end: shift.end };
  }

  return {
    list: () => repos.escalationChains.list(),
    get,

    async put(id: string, draft: ChainDraft, actor: Actor, options: PutOptions = {}) {
      return repos.exclusive(async () => {
        await assertCreatable(options, 'escalation chain', id, async () => (await repos.escalationChains.get(id)) !== null);
        const known = { schedules: new Set((await timelines.all()).map((s) => s.id)), people: await people.directory() };
        const errors = chainProblems(draft, known);
        if (errors.length > 0) throw new ValidationError(errors);
        return repos.escalationChains.put(id, chainInput(draft), actor, now());
      });
    },

    /** False when there is no such chain. Nothing refers to chains, so deleting one is always allowed. */
    delete: (id: string, actor: Actor): Promise<boolean> => repos.escalationChains.delete(id, actor, now()),

    /** Each level with whom it pages at `at`; a level starts after the sum of the earlier levels' delays. */
    async resolve(id: string, at: number): Promise<{ chain: EscalationChain; levels: ResolvedLevel[] }> {
      const chain = await get(id);
      const levels: ResolvedLevel[] = [];
      let startsAfterMinutes = 0;
      for (const [i, level] of chain.levels.entries()) {
        const targets = await Promise.all(level.targets.map((t) => resolveTarget(t, at)));
        levels.push({ level: i + 1, startsAfterMinutes, escalateAfterMinutes: level.escalateAfterMinutes, targets });
        startsAfterMinutes += level.escalateAfterMinutes;
      }
      return { chain, levels };
    },
  };
}
