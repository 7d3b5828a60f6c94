import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './api';
import { paletteIndex, PENDING_COLOR, personColor } from './colors';
import type { Person } from './types';
import { useData } from './useData';

interface PersonColors {
  colorOf: (id: string | null | undefined) => string;
  /** A freshly loaded people list: colours follow it (a person added or removed shifts the order). */
  report: (people: readonly Person[]) => void;
}

const PersonColorsContext = createContext<PersonColors>({ colorOf: (id) => personColor(id), report: () => {} });

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** Gives everyone under it the same person colours, from the people list (loaded here, and refreshed by every `usePeople`). */
export function PersonColorsProvider({ children }: { children: ReactNode }) {
  const people = useData(() => api.list<Person>('/people'), []);
  const [ids, setIds] = useState<readonly string[] | null>(null);
  const report = useCallback((list: readonly Person[]) => {
    const next = list.map((p) => p.id).sort();
    setIds((prev) => (prev && sameIds(prev, next) ? prev : next));
  }, []);
  useEffect(() => {
    if (people.data) report(people.data);
  }, [people.data, report]);
  const pending = ids === null && !people.problem;
  const value = useMemo<PersonColors>(() => {
    const index = ids ? paletteIndex(ids) : undefined;
    return { colorOf: (id) => (id && pending ? PENDING_COLOR : personColor(id, index)), report };
  }, [ids, pending, report]);
  return <PersonColorsContext.Provider value={value}>{children}</PersonColorsContext.Provider>;
}

/** `colorOf(personId)`: the person's timeline colour. */
export const usePersonColor = () => useContext(PersonColorsContext).colorOf;

/** Passes a loaded people list on to the colours. */
export function useReportPeople(people: readonly Person[] | undefined) {
  const { report } = useContext(PersonColorsContext);
  useEffect(() => {
    if (people) report(people);
  }, [people, report]);
}
