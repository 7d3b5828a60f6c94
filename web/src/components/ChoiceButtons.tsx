import { useId, type ReactNode } from 'react';
import { useFieldErrors } from './Field';

/**
 * One choice out of a few, as a group of radio buttons drawn as large buttons: a thumb hits them
 * on a phone, and they read as a radio group to a screen reader. Errors of `path` beside it.
 */
export function ChoiceButtons<V extends string>({ legend, name, path, options, value, onChange, className }: {
  legend: ReactNode;
  /** The radio group's name (unique on the page). */
  name: string;
  path?: string;
  options: { value: V; label: ReactNode }[];
  value: V;
  onChange: (value: V) => void;
  className?: string;
}) {
  const errorId = useId();
  const errors = useFieldErrors(path);
  return (
    <fieldset className={`choices${errors.length ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`} aria-describedby={errors.length ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="choice-list">
        {options.map((o) => (
          <label key={o.value} className="choice">
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {errors.length > 0 && (
        <span className="field-error" id={errorId} data-path={path}>
          {errors.map((e) => e.message).join('; ')}
        </span>
      )}
    </fieldset>
  );
}
