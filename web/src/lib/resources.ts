import { api } from './api';
import type { EscalationChain, HolidayCalendar, Person, Schedule } from './types';
import { useReportPeople } from './personColors';
import { useData } from './useData';

/** The lists many screens pick from. */
export function usePeople() {
  const people = useData(() => api.list<Person>('/people'), []);
  useReportPeople(people.data);
  return people;
}
export const useSchedules = () => useData(() => api.list<Schedule>('/schedules'), []);
export const useCalendars = () => useData(() => api.list<HolidayCalendar>('/holiday-calendars'), []);
export const useChains = () => useData(() => api.list<EscalationChain>('/escalation-chains'), []);

export function nameOf(people: Person[] | undefined, id: string | null | undefined): string {
  if (!id) return 'Nobody';
  return people?.find((p) => p.id === id)?.name ?? id;
}
