/**
 * The timeline cache: the in-memory picture of every schedule — its versions, its overrides (by
 * start), the calendars it uses, and the final shift of the present — that the services read
 * instead of the database. Timelines themselves are computed in the compute pool's workers
 * (src/compute), which get plain data from `dataOf`; this class only decides what to send and
 * what to keep. The on-call questions asked of it are the oncall service's (oncall.ts).
 *
 * Invalidation is as narrow as the write: a schedule PUT or an override changes one schedule, a
 * calendar edit the schedules using that calendar, a person's time off the schedules naming that
 * person; a person edit changes no timeline at all.
 * Every committed write announces what it changed, and the matching `invalidate*` runs (see
 * `forget` in ./index.ts): for this instance's writes as they commit, inside their exclusive
 * section, so the next request sees the change; for another instance's when its notification
 * arrives, or at the latest when an exclusive section here catches up (src/db/change-feed.ts).
 */
import { calendarsOf, peopleOf, SHIFT_HORIZON, versionsInForce, type Interval, type OverrideInput, type TimeOffInput } from '../engine/index.js';
import type { CalendarDef } from '../holidays/index.js';
import type { Repositories } from '../db/index.js';
import type { Override } from '../db/repos/overrides.js';
import type { TimeOff } from '../db/repos/time-off.js';
import type { ScheduleVersion } from '../db/repos/schedules.js';
import type { ComputePool } from '../compute/pool.js';
import type { CachedShift, ScheduleData, ShiftAndNext } from '../compute/tasks.js';

export interface ScheduleState {
  id: string;
  /** Every saved version, by version number. */
  saved: ScheduleVersion[];
  /** The versions that take effect, by effectiveFrom. */
  inForce: ScheduleVersion[];
  /** By start (then seq). */
  overrides: Override[];
  /** The longest override's length: overrides overlapping a window are found by binary search. */
  longestOverride: number;
  /** Calendars any version uses. */
  calendars: ReadonlySet<string>;
  /** People any version or override names (a person feed reads only these schedules). */
  people: ReadonlySet<string>;
  /**
   * Changes whenever anything this schedule's timelines depend on changes (a new state is built
   * with a new number): caches of derived answers (feeds) key on it.
   */
  revision: number;
  /** The final shift of the present, once asked for (see `cachedAnswer`). */
  current: CachedShift | null;
}

/** A question this close to the clock is about the present (its answer is worth caching). */
const PRESENT = 60_000;

/** How many schedules one worker task computes the current shift of. */
const BATCH = 250;

/**
 * The answer for `at` from a cached shift computed for `c.at` with bounds searched `c.horizon`
 * either side, or null when the cache cannot tell. Spec §7: a bound is null when it lies more
 * than SHIFT_HORIZON from the question's instant. A cached null bound only says "beyond
 * c.horizon of c.at", which decides the answer for questions at or after c.at (start) and up to
 * c.horizon − SHIFT_HORIZON after it (end). The next shift depends only on the shift's end, so it
 * is the same for every `at` the shift answers — null exactly where that end is.
 */
export function cachedAnswer(c: CachedShift, at: number): ShiftAndNext | null {
  const { shift } = c;
  if ((shift.start !== null && at < shift.start) || (shift.end !== null && at >= shift.end)) return null;
  if (shift.start === null && at < c.at) return null;
  if (shift.end === null && at > c.at + c.horizon - SHIFT_HORIZON) return null;
  const end = shift.end !== null && shift.end < at + SHIFT_HORIZON ? shift.end : null;
  return {
    shift: { ...shift, start: shift.start !== null && shift.start > at - SHIFT_HORIZON ? shift.start : null, end },
    next: end === null ? null : c.next,
  };
}

const longestOf = (stretches: readonly Interval[]) => stretches.reduce((m, o) => Math.max(m, o.end - o.start), 0);

/** Stretches (overrides, time off; sorted by start, none longer than `longest`) that overlap [from, to). */
function overlapping<T extends Interval>(sorted: readonly T[], longest: number, from: number, to: number): T[] {
  // First one that could still be running at `from`: none starting before from − longest is.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.start < from - longest) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.start < to; i++) if (sorted[i]!.end > from) out.push(sorted[i]!);
  return out;
}

/** One person's time off, by start, with its longest entry (for `overlapping`). */
interface PersonTimeOff {
  entries: TimeOff[];
  longest: number;
}

const NO_TIME_OFF: PersonTimeOff = { entries: [], longest: 0 };

/** Everyone the versions and overrides name. */
function peopleNamed(versions: readonly Pick<ScheduleVersion, 'document'>[], overrides: readonly Override[]): Set<string> {
  return new Set([...versions.flatMap((v) => peopleOf(v.document)), ...overrides.map((o) => o.personId)]);
}

export class TimelineCache {
  private states = new Map<string, ScheduleState>();
  /** True once `states` holds every stored schedule (after `all()`), until a schedule is invalidated. */
  private complete = false;
  private calendars: Map<string, CalendarDef> | null = null;
  /** Time off by person id, loaded with the states that name the person (a person with none: NO_TIME_OFF). */
  private readonly timeOff = new Map<string, PersonTimeOff>();
  /**
   * Bumped by every invalidation. A load that awaited the database while a write committed
   * and invalidated must not cache what it read before that write: it stores its result only
   * when the generation it started with is still current. Also the source of state revisions.
   */
  private generation = 0;
  private revisions = 0;

  constructor(
    private readonly repos: Repositories,
    private readonly pool: ComputePool,
    private readonly now: () => number,
  ) {}

  /** The stored calendars by id (a snapshot; writers build hypothetical ones from a copy). */
  async calendarDefs(): Promise<ReadonlyMap<string, CalendarDef>> {
    if (this.calendars) return this.calendars;
    const generation = this.generation;
    const calendars = new Map<string, CalendarDef>((await this.repos.holidayCalendars.list()).map((c) => [c.id, c]));
    if (generation === this.generation) this.calendars = calendars;
    return calendars;
  }

  async get(id: string): Promise<ScheduleState | null> {
    const cached = this.states.get(id);
    if (cached) return cached;
    if (this.complete) return null;
    const generation = this.generation;
    const saved = await this.repos.schedules.versions(id);
    if (saved.length === 0) return null;
    const state = this.stateOf(id, saved, await this.repos.overrides.listForSchedule(id));
    await this.timeOffOf(state.people);
    if (generation === this.generation) this.states.set(id, state);
    return state;
  }

  /**
   * Every schedule, by id. With nothing cached, loaded with two bulk queries; otherwise only the
   * schedules missing since the last write are loaded, one by one.
   */
  async all(): Promise<ScheduleState[]> {
    if (this.complete) return [...this.states.values()];
    const generation = this.generation;
    let states: ScheduleState[];
    if (this.states.size === 0) {
      const versions = await this.repos.schedules.allVersions();
      const overrides = await this.repos.overrides.all();
      states = [...versions].map(([id, saved]) => this.stateOf(id, saved, overrides.get(id) ?? []));
      await this.timeOffOf(new Set(states.flatMap((s) => [...s.people])), await this.repos.timeOff.list());
    } else {
      const loaded = await Promise.all((await this.repos.schedules.listIds()).map((id) => this.get(id)));
      states = loaded.filter((s): s is ScheduleState => s !== null);
    }
    if (generation === this.generation) {
      // Rebuilt in id order, which is the order answers are listed in.
      this.states = new Map(states.map((s) => [s.id, s]));
      this.complete = true;
    }
    return states;
  }

  /** The schedules naming `personId` in a version or an override, by id (a person feed's, a person's shifts). */
  async withPerson(personId: string): Promise<ScheduleState[]> {
    return (await this.all()).filter((s) => s.people.has(personId));
  }

  /**
   * Time off of `people` by person, from the cache; the people not cached are loaded (one query,
   * or picked from `all`, every stored entry, when the caller has read them already).
   */
  private async timeOffOf(people: ReadonlySet<string>, all?: readonly TimeOff[]): Promise<(person: string) => PersonTimeOff> {
    const cached = new Map<string, PersonTimeOff>();
    const missing: string[] = [];
    for (const p of people) {
      const known = this.timeOff.get(p);
      if (known) cached.set(p, known);
      else missing.push(p);
    }
    if (missing.length === 0) return (p) => cached.get(p) ?? NO_TIME_OFF;
    const generation = this.generation;
    const wanted = new Set(missing);
    const rows = all ? all.filter((t) => wanted.has(t.personId)) : await this.repos.timeOff.list(missing);
    const byPerson = new Map<string, TimeOff[]>(missing.map((p) => [p, []]));
    for (const t of rows) byPerson.get(t.personId)!.push(t);
    const loaded = new Map([...byPerson].map(([p, entries]) => [p, entries.length === 0 ? NO_TIME_OFF : { entries, longest: longestOf(entries) }]));
    // A write that committed while this read ran may have changed what was read (see `generation`).
    if (generation === this.generation) for (const [p, t] of loaded) this.timeOff.set(p, t);
    return (p) => loaded.get(p) ?? cached.get(p) ?? NO_TIME_OFF;
  }

  /**
   * What a worker needs to compute a (possibly hypothetical) schedule over [from, to): the
   * versions in force, the overrides and the time off of its people overlapping the window, the
   * definitions of the calendars used (from `calendars`, default the stored ones).
   */
  async dataOf(
    schedule: {
      inForce: readonly Pick<ScheduleVersion, 'effectiveFrom' | 'document'>[];
      overrides: readonly Override[];
      longestOverride?: number;
      /** Everyone the schedule names (a stored state's `people`); computed when absent. */
      people?: ReadonlySet<string>;
    },
    from: number,
    to: number,
    calendars?: ReadonlyMap<string, CalendarDef>,
  ): Promise<ScheduleData> {
    const defs = calendars ?? (await this.calendarDefs());
    const used = new Set(schedule.inForce.flatMap((v) => calendarsOf(v.document)));
    const longest = schedule.longestOverride ?? longestOf(schedule.overrides);
    const toInput = (o: Override): OverrideInput => ({ id: o.id, personId: o.personId, start: o.start, end: o.end, seq: o.seq });
    const people = schedule.people ?? peopleNamed(schedule.inForce, schedule.overrides);
    const timeOff = await this.timeOffOf(people);
    return {
      versions: schedule.inForce.map((v) => ({ effectiveFrom: v.effectiveFrom, document: v.document })),
      overrides: overlapping(schedule.overrides, longest, from, to).map(toInput),
      calendars: [...used].flatMap((id) => {
        const def = defs.get(id);
        return def ? [[id, def] as [string, CalendarDef]] : [];
      }),
      timeOff: [...people].flatMap((p) => {
        const { entries, longest: longestOff } = timeOff(p);
        return overlapping(entries, longestOff, from, to).map((t): TimeOffInput => ({ id: t.id, personId: t.personId, start: t.start, end: t.end }));
      }),
    };
  }

  /** The final shift containing `at` and the next one for each state, from the cache where it can answer. */
  async shiftsAt(states: readonly ScheduleState[], at: number): Promise<ShiftAndNext[]> {
    const answers: (ShiftAndNext | null)[] = states.map((s) => (s.current ? cachedAnswer(s.current, at) : null));
    const missing = states.flatMap((s, i) => (answers[i] === null ? [i] : []));
    if (missing.length === 0) return answers as ShiftAndNext[];
    const now = this.now();
    const batches: Promise<void>[] = [];
    for (let b = 0; b < missing.length; b += BATCH) {
      const indexes = missing.slice(b, b + BATCH);
      batches.push(
        (async () => {
          // A question about the present searches bounds twice the horizon away, so the cached
          // shift keeps answering as `now` moves on; any other question only as far as the spec asks.
          const present = Math.abs(at - now) < PRESENT;
          const window = (present ? 2 : 1) * SHIFT_HORIZON;
          const data = await Promise.all(indexes.map((i) => this.dataOf(states[i]!, at - window, at + window)));
          const computed = await this.pool.shiftsAt({ schedules: data, at, cache: present });
          computed.forEach((c, j) => {
            const i = indexes[j]!;
            answers[i] = cachedAnswer(c, at);
            // Keep only the shift of the present, the one pollers ask about: a question about
            // another instant (a feed's window edge, a `?at=` in the past) must not evict it.
            const { start, end } = c.shift;
            if ((start === null || start <= now) && (end === null || now < end)) states[i]!.current = c;
          });
        })(),
      );
    }
    await Promise.all(batches);
    return answers as ShiftAndNext[];
  }

  /** Forget one schedule (its versions or overrides changed, or it was deleted). */
  invalidate(id: string): void {
    this.generation++;
    this.states.delete(id);
    this.complete = false;
  }

  /**
   * A person's time off changed (or the person went): forget it and the schedules naming the
   * person, whose timelines and revisions (so the feeds cached on them) renew.
   */
  invalidatePerson(person: string): void {
    this.generation++;
    this.timeOff.delete(person);
    for (const state of this.states.values()) {
      if (state.people.has(person)) {
        this.states.delete(state.id);
        this.complete = false;
      }
    }
  }

  /** A calendar changed: forget it and the schedules that use it. */
  invalidateCalendar(id: string): void {
    this.generation++;
    this.calendars = null;
    for (const state of this.states.values()) {
      if (state.calendars.has(id)) {
        this.states.delete(state.id);
        this.complete = false;
      }
    }
  }

  /** Forget everything (after a write that replaced the whole configuration). */
  invalidateAll(): void {
    this.generation++;
    this.states.clear();
    this.complete = false;
    this.calendars = null;
    this.timeOff.clear();
  }

  private stateOf(id: string, saved: ScheduleVersion[], overrides: Override[]): ScheduleState {
    const inForce = versionsInForce(saved);
    const sorted = [...overrides].sort((a, b) => a.start - b.start || a.seq - b.seq);
    return {
      id,
      saved,
      inForce,
      overrides: sorted,
      longestOverride: longestOf(sorted),
      calendars: new Set(saved.flatMap((v) => calendarsOf(v.document))),
      people: peopleNamed(saved, overrides),
      revision: ++this.revisions,
      current: null,
    };
  }
}
