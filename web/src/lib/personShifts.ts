import { api, enc } from './api';
import { DAY } from './time';
import type { PersonShift } from './types';
import { useData } from './useData';

/** How far "upcoming" reaches, on My shifts and in the swap picker. */
export const UPCOMING_WEEKS = 8;

/** A person's final shifts in every schedule from now for UPCOMING_WEEKS (GET /people/{id}/shifts). */
export function useUpcomingShifts(personId: string) {
  return useData(async () => {
    const now = Date.now();
    const window = { from: new Date(now).toISOString(), to: new Date(now + UPCOMING_WEEKS * 7 * DAY).toISOString() };
    return (await api.get<{ shifts: PersonShift[] }>(`/people/${enc(personId)}/shifts`, window)).shifts;
  }, [personId]);
}
