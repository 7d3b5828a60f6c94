import { api, enc } from './api';
import { localParts, parseLocal, startOfLocalDay, zonedToInstant } from './time';
import type { HolidayDate, Schedule } from './types';
import { useData } from './useData';

/** A holiday day in a schedule's zone: local midnight to local midnight, every calendar's name for it. */
export interface Holiday {
  date: string;
  name: string;
  start: number;
  end: number;
}

/** The holiday calendars a schedule's layers follow (spec §4 ActiveWhen.holidays). */
export function holidayCalendarsOf(schedule: Pick<Schedule, 'layers'>): string[] {
  return [...new Set(schedule.layers.flatMap((l) => l.activeWhen?.holidays?.map((h) => h.calendar) ?? []))].filter(Boolean).sort();
}

/**
 * The holidays of `calendars` that fall in [start, end) of `zone`, read per calendar and year
 * from GET /holiday-calendars/{id}/dates (spec §3). A date in two calendars is one holiday with
 * both names.
 */
export function useHolidays(calendars: string[], start: number, end: number, zone: string): Holiday[] {
  const years: number[] = [];
  for (let y = localParts(start, zone).year; y <= localParts(end - 1, zone).year; y++) years.push(y);
  const key = `${calendars.join(',')}|${years.join(',')}`;
  const { data } = useData(
    async () => {
      const lists = await Promise.all(
        calendars.flatMap((c) => years.map((year) => api.get<{ dates: HolidayDate[] }>(`/holiday-calendars/${enc(c)}/dates`, { year }))),
      );
      const names = new Map<string, string[]>();
      for (const { date, name } of lists.flatMap((l) => l.dates)) {
        const list = names.get(date) ?? [];
        if (!list.includes(name)) names.set(date, [...list, name]);
      }
      return [...names].sort(([a], [b]) => a.localeCompare(b));
    },
    [key],
  );
  return (data ?? []).flatMap(([date, names]) => {
    const day = zonedToInstant(parseLocal(date)!, zone);
    const holiday = { date, name: names.join(' · '), start: day, end: startOfLocalDay(day, zone, 1) };
    return holiday.end > start && holiday.start < end ? [holiday] : [];
  });
}
