import { api } from './api';
import type { EscalationChain, HolidayCalendar, Person, Schedule, User } from './types';
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

/** The name of the item with `id` among `items`; the id itself when there is none (deleted since, or not loaded yet). */
export function nameIn(items: readonly { id: string; name: string }[] | undefined, id: string): string {
  return items?.find((item) => item.id === id)?.name ?? id;
}

export function nameOf(people: Person[] | undefined, id: string | null | undefined): string {
  if (!id) return 'Nobody';
  return nameIn(people, id);
}

/** The signed-in user's own person: the one whose email is theirs, compared case-insensitively (spec §10). */
export function ownPersonOf(people: Person[] | undefined, user: User | null): Person | undefined {
  const email = user?.email.toLowerCase();
  return email === undefined ? undefined : people?.find((p) => p.email?.toLowerCase() === email);
}
