import { useMemo } from 'react';
import { allTimeZones } from '../lib/time';
import { Field } from './Field';

/** A searchable IANA time-zone picker (type to filter the list). */
export function TimeZoneField({ label = 'Time zone', path, value, onChange, required }: {
  label?: string;
  path: string;
  value: string;
  onChange: (zone: string) => void;
  required?: boolean;
}) {
  const zones = useMemo(allTimeZones, []);
  const listId = 'time-zones';
  return (
    <Field label={label} path={path} hint="Type to search, e.g. “Berlin”">
      {(control) => (
        <>
          <input
            {...control}
            list={listId}
            value={value}
            required={required}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange(e.target.value)}
          />
          <datalist id={listId}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
