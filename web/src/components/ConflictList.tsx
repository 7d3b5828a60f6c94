import { formatRange } from '../lib/time';
import type { Conflict } from '../lib/types';

/** Time during which the person on call is away (spec §13): where a layer keeps them on, or an override or the fallback does. */
export function ConflictList({ conflicts, zone, names }: { conflicts: Conflict[]; zone: string; names: (id: string) => string }) {
  if (conflicts.length === 0) return null;
  return (
    <ul className="conflict-list" aria-label="On call while away">
      {conflicts.map((c) => (
        <li key={`${c.start}|${c.person}|${c.timeOff}`}>
          {names(c.person)} is on call while away {formatRange(c.start, c.end, zone)}
        </li>
      ))}
    </ul>
  );
}
