import type { Readable } from 'node:stream';
/**
 * Schedule writes and reads (spec §4): validation against the stored people and calendars,
 * versions, the coverage guarantee on PUT, previews of unsaved documents.
 */
import { nextVersion, validateSchedule, versionAt, versionsInForce, type ScheduleDoc } from '../engine/index.js';
import { MINUTE, parseLocalDateTime, toInstant, toLocal } from '../engine/localtime.js';
import type { Actor, Repositories } from '../db/index.js';
import type { ScheduleVersion } from '../db/repos/schedules.js';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import { assertCovered, assertUnreferenced, findReferences, GUARD_HORIZON } from './coverage-guard.js';
import { assertCreatable, type PutOptions } from './create-only.js';
import type { PeopleService } from './people.js';
import type { ComputePool } from '../compute/pool.js';
import type { TimelineCache } from './timeline-cache.js';

export type SchedulesService = ReturnType<typeof schedulesService>;

/** How far before now a new per-window rotation may start. */
const MAX_ROTATION_AGE_YEARS = 10;

/**
 * A `per: "window"` rotation numbers its windows by counting every window since `start` (`every`
 * and `rrule` rotations jump to theirs arithmetically), so a start decades back costs seconds of
 * CPU on first use. New documents (PUT, preview) may start one at most 10 years before `now` (the
 * services' clock): the start is a wall-clock time in the schedule's zone, so it is compared as
 * the instant it names, and the limit is given back in that zone. Stored versions keep working
 * as they age.
 */
export function rotationStartProblems(doc: ScheduleDoc, now: number): FieldProblem[] {
  const earliest = new Date(now);
  earliest.setUTCFullYear(earliest.getUTCFullYear() - MAX_ROTATION_AGE_YEARS);
  // The first whole minute at or after the limit, as the wall-clock time a start is written in.
  const limit = new Date(Math.ceil(toLocal(doc.timeZone, earliest.getTime()) / MINUTE) * MINUTE).toISOString().slice(0, 16);
  return doc.layers.flatMap((layer, i) =>
    !('per' in layer.rotation) || toInstant(doc.timeZone, parseLocalDateTime(layer.rotation.start)!) >= earliest.getTime()
      ? []
      : [
          {
            path: `/layers/${i}/rotation/start`,
            message: `a per-window rotation may start at most ${MAX_ROTATION_AGE_YEARS} years ago (not before ${limit} ${doc.timeZone})`,
          },
        ],
  );
}

/** A schedule document as submitted, before validateSchedule has vouched for it. */
export type ScheduleDraft = { id?: string } & object;

/** A schedule as lists and reads show it: the version in force now, and the next pending one. */
export interface CurrentSchedule {
  current: ScheduleVersion;
  next: ScheduleVersion | null;
}

export function schedulesService(repos: Repositories, timelines: TimelineCache, people: PeopleService, pool: ComputePool, now: () => number) {
  /**
   * The document's problems against the stored people and calendars (paths relative to the
   * document), and against the clock: see rotationStartProblems.
   */
  async function problemsOf(doc: unknown, at: number): Promise<FieldProblem[]> {
    const known = { people: new Set((await people.directory()).keys()), calendars: new Set((await timelines.calendarDefs()).keys()) };
    const problems = validateSchedule(doc, known);
    return problems.length > 0 ? problems : rotationStartProblems(doc as ScheduleDoc, at);
  }

  function currentOf(inForce: readonly ScheduleVersion[], at: number): CurrentSchedule {
    return { current: versionAt(inForce, at)!, next: nextVersion(inForce, at) };
  }

  async function stateOf(id: string) {
    const state = await timelines.get(id);
    if (!state) throw new NotFoundError('schedule', id);
    return state;
  }

  return {
    async list(at = now()): Promise<CurrentSchedule[]> {
      return (await timelines.all()).map((s) => currentOf(s.inForce, at));
    },

    /** The schedules any of whose versions or overrides name the person (what a person feed reads). */
    async listWithPerson(personId: string, at = now()): Promise<CurrentSchedule[]> {
      return (await timelines.withPerson(personId)).map((s) => currentOf(s.inForce, at));
    },

    /**
     * A key that changes whenever anything the timelines of a schedule feed (or of a person
     * feed: the schedules naming the person) depend on changes — versions, overrides, calendars.
     */
    async revisionKey(subject: { scheduleId: string | null; personId: string | null }): Promise<string> {
      if (subject.scheduleId !== null) return `${(await stateOf(subject.scheduleId)).revision}`;
      const states = await timelines.withPerson(subject.personId ?? '');
      return states.map((s) => `${s.id}@${s.revision}`).join(',');
    },

    async get(id: string, at = now()): Promise<CurrentSchedule> {
      return currentOf((await stateOf(id)).inForce, at);
    },

    /** Every saved version, oldest first; `superseded` when a later save replaced it before it took effect. */
    async versions(id: string): Promise<{ version: ScheduleVersion; superseded: boolean }[]> {
      const { saved, inForce } = await stateOf(id);
      return saved.map((version) => ({ version, superseded: !inForce.includes(version) }));
    },

    /**
     * Saves `doc` as the schedule's next version, in force from `effectiveFrom` (which must lie
     * in the future) or now. Nothing is stored when the document is invalid or would leave a gap.
     */
    async put(id: string, doc: ScheduleDraft, effectiveFrom: number | undefined, actor: Actor, options: PutOptions = {}) {
      return repos.exclusive(async () => {
        await assertCreatable(options, 'schedule', id, () => repos.schedules.exists(id));
        const at = now();
        const errors = await problemsOf(doc, at);
        if (doc.id !== undefined && doc.id !== id) errors.push({ path: '/id', message: `must equal the id in the URL ("${id}")` });
        if (effectiveFrom !== undefined && effectiveFrom <= at) {
          errors.push({ path: '/effectiveFrom', message: 'must lie in the future (omit it to take effect now)' });
        }
        if (errors.length > 0) throw new ValidationError(errors);

        // validateSchedule found no problem, so the draft is a ScheduleDoc.
        const document = { ...doc, id } as ScheduleDoc;
        const state = await timelines.get(id);
        const saved = state?.saved ?? [];
        const candidate: ScheduleVersion = {
          scheduleId: id,
          version: (saved[saved.length - 1]?.version ?? 0) + 1,
          document,
          effectiveFrom: effectiveFrom ?? at,
          savedAt: at,
          savedBy: actor.label,
        };
        if (document.requireCoverage !== false) {
          const after = { inForce: versionsInForce([...saved, candidate]), overrides: state?.overrides ?? [] };
          await assertCovered(pool, [{ id, data: await timelines.dataOf(after, at, at + GUARD_HORIZON) }], at, 'this schedule');
        }
        return repos.schedules.putVersion(id, document, candidate.effectiveFrom, actor, at);
      });
    },

    /** False when there is no such schedule. Its versions, overrides and feeds go with it. */
    async delete(id: string, actor: Actor): Promise<boolean> {
      return repos.exclusive(async () => {
        if (!(await repos.schedules.exists(id))) return false;
        const at = now();
        assertUnreferenced(`schedule "${id}"`, await findReferences({ schedule: id }, { timelines, repos }, at));
        return repos.schedules.delete(id, actor, at);
      });
    },

    /**
     * The timeline, coverage and layer rows of an unsaved document over [from, to), as the JSON
     * text of the preview response (written in a worker: a long preview is tens of megabytes).
     * Stores nothing.
     */
    async previewJson(doc: ScheduleDraft, from: number, to: number): Promise<Readable> {
      const errors = (await problemsOf(doc, now())).map((e) => ({ ...e, path: `/schedule${e.path}` }));
      if (errors.length > 0) throw new ValidationError(errors);
      const data = await timelines.dataOf({ inForce: [{ effectiveFrom: from, document: doc as ScheduleDoc }], overrides: [] }, from, to);
      return pool.timelineJson({ data, from, to, layers: true, coverage: true, people: await people.named(data), envelope: {} });
    },
  };
}
