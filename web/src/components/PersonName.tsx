import { personColor } from '../lib/colors';
import type { Person } from '../lib/types';

export function personId(person: Person | string | null | undefined): string | null {
  if (!person) return null;
  return typeof person === 'string' ? person : person.id;
}

/** A person's name with their timeline colour swatch. */
export function PersonName({ person, names }: { person: Person | string | null | undefined; names?: (id: string) => string }) {
  const id = personId(person);
  if (!id) return <span className="nobody">Nobody</span>;
  const name = typeof person === 'object' && person ? person.name : (names?.(id) ?? id);
  return (
    <span className="person">
      <span className="swatch" style={{ background: personColor(id) }} aria-hidden="true" />
      {name}
    </span>
  );
}
