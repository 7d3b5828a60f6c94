/**
 * The in-memory picture of every schedule the engine needs: versions (compiled once per
 * version), overrides, the holiday lookup over the stored calendars, and the current shift.
 * Reads are answered from here; every write that can change a timeline calls `invalidate` /
 * `invalidateAll` (inside its exclusive section, right after committing), so the next request
 * sees the change. State belongs to this process; a multi-process deployment would need a
 * shared invalidation signal.
 */
import {
  compileSchedule,
  shiftAt,
  SHIFT_HORIZON,
  type AtShift,
  type CompiledSchedule,
  type HolidayLookup,
  type TimelineInput,
} from '../engine/index.js';
import { holidayLookup, type CalendarDef } from '../holidays/index.js';
import type { Repositories } from '../db/index.js';
import type { Override } from '../db/repos/overrides.js';
import type { ScheduleVersion } from '../db/repos/schedules.js';
import { versionsInForce } from './versions.js';

export interface ScheduleState {
  id: string;
  /** Every saved version, by version number. */
  saved: ScheduleVersion[];
  /** The versions that take effect, by effectiveFrom. */
  inForce: ScheduleVersion[];
  overrides: Override[];
  input: TimelineInput;
  /** The final shift in force now, once asked for; reused while a question falls inside it. */
  current: AtShift | null;
}

export class ScheduleTimelines {
  private states = new Map<string, ScheduleState>();
  /** True once `states` holds every stored schedule (after `all()`), until invalidateAll. */
  private complete = false;
  private compiled = new Map<string, Map<number, CompiledSchedule>>();
  private calendars: Map<string, CalendarDef> | null = null;
  private lookup: HolidayLookup | null = null;
  /**
   * Bumped by every invalidation. A load that awaited the database while a write committed
   * and invalidated must not cache what it read before that write: it stores its result only
   * when the generation it started with is still current.
   */
  private generation = 0;

  constructor(private readonly repos: Repositories) {}

  /** The stored calendars' holiday dates, for the engine. */
  async holidays(): Promise<HolidayLookup> {
    return (await this.loadCalendars()).lookup;
  }

  /** The stored calendars by id (a snapshot; writers build hypothetical lookups from a copy). */
  async calendarDefs(): Promise<ReadonlyMap<string, CalendarDef>> {
    return (await this.loadCalendars()).calendars;
  }

  async get(id: string): Promise<ScheduleState | null> {
    const cached = this.states.get(id);
    if (cached) return cached;
    if (this.complete) return null;
    const generation = this.generation;
    const saved = await this.repos.schedules.versions(id);
    if (saved.length === 0) return null;
    const state = this.stateOf(id, saved, await this.repos.overrides.listForSchedule(id), await this.holidays());
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
    const holidays = await this.holidays();
    let states: ScheduleState[];
    if (this.states.size === 0) {
      const versions = await this.repos.schedules.allVersions();
      const overrides = await this.repos.overrides.all();
      states = [...versions].map(([id, saved]) => this.stateOf(id, saved, overrides.get(id) ?? [], holidays));
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

  /**
   * The timeline input of a state, possibly hypothetical (checks before a write). `unsaved` is a
   * version not stored yet: compiled without entering the cache, since a refused save would
   * otherwise leave its document cached under the version number the next save gets.
   */
  inputOf(
    id: string,
    inForce: readonly ScheduleVersion[],
    overrides: readonly Override[],
    holidays: HolidayLookup,
    unsaved?: ScheduleVersion,
  ): TimelineInput {
    return {
      versions: inForce.map((v) => ({
        effectiveFrom: v.effectiveFrom,
        schedule: v === unsaved ? compileSchedule(v.document) : this.compile(id, v),
      })),
      overrides: overrides.map((o) => ({ id: o.id, personId: o.personId, start: o.start, end: o.end, seq: o.seq })),
      holidays,
    };
  }

  /** The final shift containing `at`, from the cached current shift when `at` falls inside it. */
  shiftAt(state: ScheduleState, at: number): AtShift {
    const c = state.current;
    // Bounds shiftAt reports are only valid within its horizon of the question's instant.
    if (c && c.start !== null && c.end !== null && c.start <= at && at < c.end && at - c.start < SHIFT_HORIZON && c.end - at < SHIFT_HORIZON) {
      return c;
    }
    const shift = shiftAt(state.input, at);
    // Keep only the shift of the present, the one pollers ask about: a question about another
    // instant (a feed's window edge, a `?at=` in the past) must not evict it.
    const now = Date.now();
    if (shift.start !== null && shift.end !== null && shift.start <= now && now < shift.end) state.current = shift;
    return shift;
  }

  /** Forget one schedule (its versions or overrides changed, or it was deleted). */
  invalidate(id: string, opts: { deleted?: boolean } = {}): void {
    this.generation++;
    this.states.delete(id);
    if (opts.deleted) this.compiled.delete(id);
    else this.complete = false;
  }

  /**
   * Forget everything. Compiled versions go too: an import may store a different document under
   * a (schedule, version) pair already compiled.
   */
  invalidateAll(): void {
    this.generation++;
    this.states.clear();
    this.compiled.clear();
    this.complete = false;
    this.calendars = null;
    this.lookup = null;
  }

  private stateOf(id: string, saved: ScheduleVersion[], overrides: Override[], holidays: HolidayLookup): ScheduleState {
    const inForce = versionsInForce(saved);
    return { id, saved, inForce, overrides, input: this.inputOf(id, inForce, overrides, holidays), current: null };
  }

  private compile(id: string, v: ScheduleVersion): CompiledSchedule {
    let perSchedule = this.compiled.get(id);
    if (!perSchedule) this.compiled.set(id, (perSchedule = new Map()));
    let c = perSchedule.get(v.version);
    if (!c) perSchedule.set(v.version, (c = compileSchedule(v.document)));
    return c;
  }

  private async loadCalendars(): Promise<{ calendars: Map<string, CalendarDef>; lookup: HolidayLookup }> {
    if (this.calendars && this.lookup) return { calendars: this.calendars, lookup: this.lookup };
    const generation = this.generation;
    const calendars = new Map<string, CalendarDef>((await this.repos.holidayCalendars.list()).map((c) => [c.id, c]));
    const lookup = holidayLookup(calendars);
    if (generation === this.generation) {
      this.calendars = calendars;
      this.lookup = lookup;
    }
    return { calendars, lookup };
  }
}
