import type { Person } from '../lib/types';
import { Field } from './Field';

/** A labelled select of people (optionally allowing "none"). */
export function PersonSelect({ label, path, people, value, onChange, noneLabel, required }: {
  label: string;
  path?: string;
  people: Person[];
  value: string;
  onChange: (id: string) => void;
  noneLabel?: string;
  required?: boolean;
}) {
  return (
    <Field label={label} path={path}>
      {(control) => (
        <select {...control} value={value} required={required} onChange={(e) => onChange(e.target.value)}>
          <option value="">{noneLabel ?? 'Choose a person…'}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
