/**
 * Holiday calendars (spec §3) on top of date-holidays: region listings, each region's dates
 * per year (computed once per region/types/year and cached), and calendars with include/exclude.
 * Pure: no I/O, results independent of the process TZ (we read date-holidays' local `date`
 * string, never its `start`/`end` Date objects).
 */
import Holidays from 'date-holidays';
import type { HolidayLookup } from '../engine/types.js';

export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;
export type HolidayType = (typeof HOLIDAY_TYPES)[number];

export interface RegionInfo {
  /** "DE", "DE-BY" or "DE-BY-A": country[-state[-region]] as date-holidays names them. */
  code: string;
  name: string;
  subdivisions: { code: string; name: string }[];
}

export interface HolidayDate {
  date: string;
  name: string;
}

export interface CalendarDate extends HolidayDate {
  source: 'region' | 'include';
}

export interface CalendarDef {
  region?: string | null;
  types?: readonly string[];
  include?: readonly HolidayDate[];
  exclude?: readonly string[];
}

const lister = new Holidays();
let regions: RegionInfo[] | null = null;

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name.localeCompare(b.name, 'en');
}

/** Countries with their states and the states' regions (flattened), sorted by name. */
export function listRegions(): RegionInfo[] {
  regions ??= Object.entries(lister.getCountries('en'))
    .map(([country, name]) => {
      const subdivisions: { code: string; name: string }[] = [];
      for (const [state, stateName] of Object.entries(lister.getStates(country, 'en') ?? {})) {
        subdivisions.push({ code: `${country}-${state}`, name: stateName });
        for (const [region, regionName] of Object.entries(lister.getRegions(country, state, 'en') ?? {})) {
          subdivisions.push({ code: `${country}-${state}-${region}`, name: `${stateName}: ${regionName}` });
        }
      }
      return { code: country, name, subdivisions: subdivisions.sort(byName) };
    })
    .sort(byName);
  return regions;
}

let known: Set<string> | null = null;

export function isKnownRegion(code: string): boolean {
  known ??= new Set(listRegions().flatMap((r) => [r.code, ...r.subdivisions.map((s) => s.code)]));
  return known.has(code);
}

const regionCache = new Map<string, HolidayDate[]>();

/**
 * The dates of `region` in `year` for the given types, sorted and unique by date (names of
 * holidays sharing a date are joined with " / "). Substitute days are kept: they come from
 * the region data (spec §3). Multi-day entries count on their first date.
 */
export function regionHolidays(region: string, types: readonly string[], year: number): HolidayDate[] {
  const key = `${region}|${[...types].sort().join(',')}|${year}`;
  let cached = regionCache.get(key);
  if (cached) return cached;
  if (!isKnownRegion(region)) throw new RangeError(`unknown holiday region "${region}"`);
  const [country, state, sub] = region.split('-');
  const hd = new Holidays(country!, state ?? '', sub ?? '', { languages: ['en'], types: [...types] as HolidayType[] });
  const byDate = new Map<string, string[]>();
  for (const h of hd.getHolidays(year) || []) {
    const date = h.date.slice(0, 10);
    if (!date.startsWith(`${year}-`)) continue;
    const names = byDate.get(date) ?? [];
    if (!names.includes(h.name)) names.push(h.name);
    byDate.set(date, names);
  }
  cached = [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, names]) => ({ date, name: names.join(' / ') }));
  regionCache.set(key, cached);
  return cached;
}

/**
 * A calendar's dates in `year`: the region's (default types ["public"]) minus `exclude`, plus
 * `include`. A date both in the region and included appears once, as the region's entry:
 * including it changes nothing.
 */
export function calendarDates(cal: CalendarDef, year: number): CalendarDate[] {
  const exclude = new Set(cal.exclude ?? []);
  const byDate = new Map<string, CalendarDate>();
  if (cal.region) {
    for (const h of regionHolidays(cal.region, cal.types ?? ['public'], year)) {
      if (!exclude.has(h.date)) byDate.set(h.date, { ...h, source: 'region' });
    }
  }
  for (const h of cal.include ?? []) {
    if (h.date.startsWith(`${year}-`) && !byDate.has(h.date)) byDate.set(h.date, { ...h, source: 'include' });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * A HolidayLookup for the engine over the given calendars (unknown ids have no dates). It returns
 * the same array for repeated (calendar, year) questions, which lets the engine cache parsed
 * dates and per-window counts against it.
 */
export function holidayLookup(calendars: ReadonlyMap<string, CalendarDef>): HolidayLookup {
  const cache = new Map<string, readonly string[]>();
  return (calendarId, year) => {
    const key = `${calendarId}|${year}`;
    let dates = cache.get(key);
    if (!dates) {
      const cal = calendars.get(calendarId);
      dates = cal ? calendarDates(cal, year).map((d) => d.date) : [];
      cache.set(key, dates);
    }
    return dates;
  };
}
