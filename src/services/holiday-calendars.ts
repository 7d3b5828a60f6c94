/**
 * Holiday calendar writes (spec §3). A calendar edit changes the holiday layers of every
 * schedule using it, so it is checked against the coverage guarantee before it is stored.
 */
import { calendarsOf } from '../engine/index.js';
import { calendarDates, isKnownRegion, type CalendarDate, type CalendarDef } from '../holidays/index.js';
import type { Actor, Repositories } from '../db/index.js';
import type { HolidayCalendar, HolidayCalendarInput } from '../db/repos/holiday-calendars.js';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import type { ComputePool } from '../compute/pool.js';
import { assertNoNewGaps, assertUnreferenced, findReferences, GUARD_HORIZON } from './coverage-guard.js';
import { assertCreatable, type PutOptions } from './create-only.js';
import { isCalendarDate } from './dates.js';
import type { TimelineCache } from './timeline-cache.js';

export type { HolidayCalendar, HolidayCalendarInput };

export type HolidayCalendarsService = ReturnType<typeof holidayCalendarsService>;

/** A calendar's own problems, paths relative to the calendar (a PUT's body, an import's `/holidayCalendars/i`). */
export function calendarProblems(input: HolidayCalendarInput): FieldProblem[] {
  const errors: FieldProblem[] = [];
  if (input.region !== null && !isKnownRegion(input.region)) {
    errors.push({ path: '/region', message: `unknown holiday region "${input.region}" (see GET /api/v1/holiday-regions)` });
  }
  input.include.forEach((h, i) => {
    if (!isCalendarDate(h.date)) errors.push({ path: `/include/${i}/date`, message: 'must be a real date "YYYY-MM-DD"' });
  });
  input.exclude.forEach((d, i) => {
    if (!isCalendarDate(d)) errors.push({ path: `/exclude/${i}`, message: 'must be a real date "YYYY-MM-DD"' });
  });
  return errors;
}

export function holidayCalendarsService(repos: Repositories, timelines: TimelineCache, pool: ComputePool, now: () => number) {
  async function get(id: string): Promise<HolidayCalendar> {
    const calendar = await repos.holidayCalendars.get(id);
    if (!calendar) throw new NotFoundError('holiday calendar', id);
    return calendar;
  }

  return {
    list: () => repos.holidayCalendars.list(),
    get,

    async dates(id: string, year: number): Promise<CalendarDate[]> {
      return calendarDates(await get(id), year);
    },

    async put(id: string, input: HolidayCalendarInput, actor: Actor, options: PutOptions = {}) {
      const errors = calendarProblems(input);
      if (errors.length > 0) throw new ValidationError(errors);
      return repos.exclusive(async () => {
        await assertCreatable(options, 'holiday calendar', id, async () => (await repos.holidayCalendars.get(id)) !== null);
        const at = now();
        const window = [at, at + GUARD_HORIZON] as const;
        const defs = new Map<string, CalendarDef>(await timelines.calendarDefs());
        defs.set(id, input);
        const users = (await timelines.all()).filter((state) => state.inForce.some((v) => calendarsOf(v.document).includes(id)));
        await Promise.all(
          users.map(async (state) =>
            assertNoNewGaps(
              pool,
              { id: state.id, data: await timelines.dataOf(state, ...window) },
              { id: state.id, data: await timelines.dataOf(state, ...window, defs) },
              at,
              `changing holiday calendar "${id}"`,
            ),
          ),
        );
        return repos.holidayCalendars.put(id, input, actor, at);
      });
    },

    /** False when there is no such calendar. */
    async delete(id: string, actor: Actor): Promise<boolean> {
      return repos.exclusive(async () => {
        if (!(await repos.holidayCalendars.get(id))) return false;
        const at = now();
        assertUnreferenced(`holiday calendar "${id}"`, await findReferences({ calendar: id }, { timelines, repos }, at));
        return repos.holidayCalendars.delete(id, actor, at);
      });
    },
  };
}
