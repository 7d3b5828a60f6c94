import { createContext, useContext, useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import type { FieldError, Problem } from '../lib/types';

/** The problem of the form being edited; fields pick out the errors whose JSON pointer they own. */
export const ProblemContext = createContext<Problem | null>(null);

function errorsAt(problem: Problem | null, path: string, nested = false): FieldError[] {
  return (problem?.errors ?? []).filter((e) => e.path === path || (nested && e.path.startsWith(`${path}/`)));
}

/** The server's errors at `path` (and below it when `nested`) of the form being edited. */
export function useFieldErrors(path: string | undefined, nested = false): FieldError[] {
  const problem = useContext(ProblemContext);
  return path ? errorsAt(problem, path, nested) : [];
}

/** The problem with `prefix` taken off its error paths (e.g. "/schedule" of a preview body). */
export function withoutPathPrefix(problem: Problem, prefix: string): Problem {
  const strip = (path: string) => (path === prefix || path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path);
  return { ...problem, errors: problem.errors?.map((e) => ({ ...e, path: strip(e.path) })) };
}

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

interface FieldProps {
  label: ReactNode;
  /** JSON pointer into the request body whose server errors belong to this field. */
  path?: string;
  /** Also show errors of paths below `path` (a list field). */
  nested?: boolean;
  hint?: ReactNode;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

export function Field({ label, path, nested, hint, className, children }: FieldProps) {
  const id = useId();
  const errors = useFieldErrors(path, nested);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': errors.length ? true : undefined })}
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {errorId && (
        <span className="field-error" id={errorId} data-path={path}>
          {errors.map((e) => e.message).join('; ')}
        </span>
      )}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> & {
  label: ReactNode;
  path?: string;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
};

export function TextField({ label, path, hint, value, onChange, className, ...input }: TextFieldProps) {
  return (
    <Field label={label} path={path} hint={hint} className={className}>
      {(control) => <input {...input} {...control} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value' | 'id'> & {
  label: ReactNode;
  path?: string;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
};

/** A labelled textarea for prose (messages, descriptions), full width. */
export function TextAreaField({ label, path, hint, value, onChange, className, ...textarea }: TextAreaFieldProps) {
  return (
    <Field label={label} path={path} hint={hint} className={`wide${className ? ` ${className}` : ''}`}>
      {(control) => <textarea className="prose" {...textarea} {...control} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** Error summary at the top of a form: the problem's detail and every field message. */
export function ProblemSummary({ problem, title }: { problem: Problem | null; title?: string }) {
  if (!problem) return null;
  const errors = problem.errors ?? [];
  return (
    <div className="problem" role="alert">
      <strong>{title ?? problem.title}</strong>
      {problem.detail && problem.detail !== problem.title && <p>{problem.detail}</p>}
      {errors.length > 0 && (
        <ul>
          {errors.map((e) => (
            <li key={`${e.path}|${e.message}`}>
              {e.path && <code>{e.path}</code>} {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The fields of a form under `problem`: its summary on top, each field's own errors beside it. */
export function ProblemScope({ problem, children }: { problem: Problem | null; children: ReactNode }) {
  return (
    <ProblemContext.Provider value={problem}>
      <ProblemSummary problem={problem} />
      {children}
    </ProblemContext.Provider>
  );
}
