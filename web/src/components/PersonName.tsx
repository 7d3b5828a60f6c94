import { usePersonColor } from '../lib/personColors';
import type { Person } from '../lib/types';

export function personId(person: Person | string | null | undefined): string | null {
  if (!person) return null;
  return typeof person === 'string' ? person : person.id;
}

/** A person's name with their timeline colour swatch. */
export function PersonName({ person, names }: { person: Person | string | null | undefined; names?: (id: string) => string }) {
  const id = personId(person);
  const colorOf = usePersonColor();
  if (!id) return <span className="nobody">Nobody</span>;
  const name = typeof person === 'object' && person ? person.name : (names?.(id) ?? id);
  return (
    <span className="person">
      <span className="swatch" style={{ background: colorOf(id) }} aria-hidden="true" />
      {name}
    </span>
  );
}
