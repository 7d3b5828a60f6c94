/**
 * Time off (spec §13): a person is away for [start, end). A fact, not a request: it is never
 * refused for leaving a gap — layers with `whenAway: "next"` route around it, coverage reports
 * the gaps and conflicts it causes, and the notifier announces them (the write announces a
 * `time-off` change, which renews the timelines of the schedules naming the person).
 * Admins manage everyone's; a signed-in viewer only their own person's (spec §10).
 */
import type { Repositories } from '../db/index.js';
import type { TimeOff, TimeOffDraft } from '../db/repos/time-off.js';
import { SHIFT_HORIZON } from '../engine/index.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import { LIMITS } from '../schemas/common.js';
import type { Caller } from './caller.js';
import type { PeopleService } from './people.js';

export type { TimeOff, TimeOffDraft };

/** Entries one person may have: a bound on what every timeline of theirs has to read. */
export const MAX_TIME_OFF_PER_PERSON = 5000;

/** An entry's own problems, paths relative to it (a POST's body, an import's `/timeOff/i`). */
export function timeOffProblems(draft: TimeOffDraft): FieldProblem[] {
  if (draft.end <= draft.start) return [{ path: '/end', message: 'must be after start' }];
  if (draft.end - draft.start > SHIFT_HORIZON) return [{ path: '/end', message: 'time off may last at most 3 years' }];
  if (draft.note !== null && draft.note.length > LIMITS.note) return [{ path: '/note', message: `must be at most ${LIMITS.note} characters` }];
  return [];
}

export type TimeOffService = ReturnType<typeof timeOffService>;

export function timeOffService(repos: Repositories, people: PeopleService, now: () => number) {
  async function assertPerson(personId: string): Promise<void> {
    if (!(await people.directory()).has(personId)) throw new NotFoundError('person', personId);
  }

  /** Admins manage anyone's time off; a signed-in viewer their own person's; nobody else any. */
  async function assertManages(caller: Caller, personId: string): Promise<void> {
    if (caller.canWrite) return;
    const own = caller.userEmail === null ? null : await people.linkedTo(caller.userEmail);
    if (own === personId) return;
    throw new ForbiddenError(
      own === null
        ? 'only admins, and signed-in users for their own person (whose email is theirs), manage time off'
        : `viewers manage only their own person's time off ("${own}")`,
    );
  }

  return {
    /** A person's time off overlapping [from, to) (either bound optional), by start. */
    async list(personId: string, from?: number, to?: number): Promise<TimeOff[]> {
      await assertPerson(personId);
      const entries = await repos.timeOff.list([personId]);
      return entries.filter((t) => (from === undefined || t.end > from) && (to === undefined || t.start < to));
    },

    async create(caller: Caller, personId: string, draft: TimeOffDraft): Promise<TimeOff> {
      // Exclusive: the per-person bound is counted then written with no other write between.
      return repos.exclusive(async () => {
        await assertPerson(personId);
        await assertManages(caller, personId);
        const errors = timeOffProblems(draft);
        if (errors.length > 0) throw new ValidationError(errors);
        return repos.timeOff.create(personId, draft, MAX_TIME_OFF_PER_PERSON, caller.actor, now());
      });
    },

    /** False when the person has no such entry. */
    async delete(caller: Caller, personId: string, id: string): Promise<boolean> {
      return repos.exclusive(async () => {
        await assertPerson(personId);
        await assertManages(caller, personId);
        return repos.timeOff.delete(personId, id, caller.actor, now());
      });
    },
  };
}
