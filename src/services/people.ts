/**
 * Person writes with their cross-cutting rules, and the in-memory people directory that
 * on-call answers embed. A person's fields never change a timeline, so an edit needs no
 * coverage check; deleting one still referenced is refused (spec §6).
 */
import type { Actor, Repositories } from '../db/index.js';
import type { Person, PersonInput } from '../db/repos/people.js';
import { assertUnreferenced, findReferences } from './coverage-guard.js';
import { assertCreatable, type PutOptions } from './create-only.js';
import type { TimelineCache } from './timeline-cache.js';
import type { ScheduleData } from '../compute/tasks.js';
import { isValidZone, peopleOf, unknownZoneMessage } from '../engine/index.js';
import { ValidationError, type FieldProblem } from '../errors.js';

export type { Person, PersonInput };

/** A person's own problems, paths relative to the person (a PUT's body, an import's `/people/i`). */
export function personProblems(input: PersonInput): FieldProblem[] {
  const zone = input.timeZone ?? null;
  return zone !== null && !isValidZone(zone) ? [{ path: '/timeZone', message: unknownZoneMessage(zone) }] : [];
}

export type PeopleService = ReturnType<typeof peopleService>;

export function peopleService(repos: Repositories, timelines: TimelineCache, now: () => number) {
  let directory: Map<string, Person> | null = null;
  // Bumped on every person change (announced by the repository on commit, from any instance),
  // so a load that raced a write does not cache the older list.
  let generation = 0;
  const invalidate = () => {
    directory = null;
    generation++;
  };

  /** Every person by id, cached until the next person write. */
  async function loadDirectory(): Promise<ReadonlyMap<string, Person>> {
    if (directory) return directory;
    const started = generation;
    const loaded = new Map((await repos.people.list()).map((p) => [p.id, p]));
    if (started === generation) directory = loaded;
    return loaded;
  }

  return {
    directory: loadDirectory,

    /** The people a computation's data names (participants, fallbacks, overrides), for answers that embed them. */
    async named(data: ScheduleData): Promise<Person[]> {
      const all = await loadDirectory();
      const ids = new Set([...data.versions.flatMap((v) => peopleOf(v.document)), ...data.overrides.map((o) => o.personId)]);
      return [...ids].flatMap((id) => all.get(id) ?? []);
    },

    /**
     * The id of the person whose email equals `email` (case-insensitive), or null: a user's own
     * person (spec §10), whose feeds, reminders and time off a viewer manages.
     */
    async linkedTo(email: string): Promise<string | null> {
      const wanted = email.toLowerCase();
      for (const p of (await loadDirectory()).values()) if (p.email?.toLowerCase() === wanted) return p.id;
      return null;
    },

    /** Changes with every person write (names and contacts appear in feeds and answers). */
    revision: () => generation,

    /** Drop the cached directory (a person changed, or everything did). */
    invalidate,

    async put(id: string, input: PersonInput, actor: Actor, options: PutOptions = {}) {
      const errors = personProblems(input);
      if (errors.length > 0) throw new ValidationError(errors);
      return repos.exclusive(async () => {
        await assertCreatable(options, 'person', id, async () => (await repos.people.get(id)) !== null);
        return repos.people.put(id, input, actor, now());
      });
    },

    /** False when there is no such person. */
    async delete(id: string, actor: Actor): Promise<boolean> {
      return repos.exclusive(async () => {
        if (!(await repos.people.get(id))) return false;
        const at = now();
        assertUnreferenced(`person "${id}"`, await findReferences({ person: id }, { timelines, repos }, at));
        return repos.people.delete(id, actor, at);
      });
    },
  };
}
