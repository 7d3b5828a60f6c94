import type { ReactNode } from 'react';
import { Field } from './Field';

/** A labelled group of checkboxes choosing a subset of `options` (kept in the options' order); errors of `path` and below beside it. */
export function CheckGroup<V extends string>({ label, path, hint, options, value, onChange }: {
  label: string;
  path: string;
  hint?: ReactNode;
  options: { value: V; label: ReactNode }[];
  value: V[];
  onChange: (value: V[]) => void;
}) {
  const toggle = (v: V, on: boolean) => onChange(options.map((o) => o.value).filter((o) => (o === v ? on : value.includes(o))));
  return (
    <Field label={label} path={path} nested hint={hint}>
      {(control) => (
        <div className="checks" id={control.id} role="group" aria-label={label} aria-describedby={control['aria-describedby']}>
          {options.map((o) => (
            <label key={o.value} className="check">
              <input type="checkbox" checked={value.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
              {o.label}
            </label>
          ))}
        </div>
      )}
    </Field>
  );
}
