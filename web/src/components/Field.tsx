import { createContext, useCallback, useContext, useId, useLayoutEffect, useState, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import type { FieldError, Problem } from '../lib/types';

/** The problem of the form being edited; fields pick out the errors whose JSON pointer they own. */
export const ProblemContext = createContext<Problem | null>(null);

/**
 * Told when the user changes or leaves the field at a path: a form that checks as the user types
 * shows a field's errors only from then on (none on a pristine form).
 */
export const TouchContext = createContext<((path: string) => void) | null>(null);

interface Claim {
  path: string;
  nested: boolean;
}

/** Fields register the paths whose errors they show, so a summary lists only the others. */
const ClaimContext = createContext<((claim: Claim) => () => void) | null>(null);

/** Whether a field at `c.path` shows the errors at `path`. */
const claims = (c: Claim, path: string) => c.path === path || (c.nested && path.startsWith(`${c.path}/`));

/** The errors at `path` (and below it when `nested`) of the form being edited; the field claims them. */
export function useFieldErrors(path: string | undefined, nested = false): FieldError[] {
  const problem = useContext(ProblemContext);
  const claim = useContext(ClaimContext);
  useLayoutEffect(() => (path && claim ? claim({ path, nested }) : undefined), [claim, path, nested]);
  return path ? (problem?.errors ?? []).filter((e) => claims({ path, nested }, e.path)) : [];
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
  const touch = useContext(TouchContext);
  const touched = path && touch ? () => touch(path) : undefined;
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`} onChange={touched} onBlur={touched}>
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

/**
 * Error summary at the top of a form: the problem's title, then its field errors — or, when there
 * are none, its detail (a validation problem's detail only restates its errors).
 */
export function ProblemSummary({ problem, title, listed = problem?.errors ?? [], children }: {
  problem: Problem | null;
  title?: string;
  /** The errors to list (default all of them). */
  listed?: FieldError[];
  children?: ReactNode;
}) {
  if (!problem) return null;
  const errors = listed;
  return (
    <div className="problem" role="alert">
      <strong>{title ?? problem.title}</strong>
      {!problem.errors?.length && problem.detail && problem.detail !== problem.title && <p>{problem.detail}</p>}
      {errors.length > 0 && (
        <ul>
          {errors.map((e) => (
            <li key={`${e.path}|${e.message}`}>
              {e.path && <code>{e.path}</code>} {e.message}
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}

/**
 * The fields of a form under `problem`: each field's errors beside it, and on top the summary of
 * `refusal` (by default the problem itself: why the last submit failed) listing only the errors no
 * field shows, so each message is shown once; `notes` go inside the summary.
 */
export function ProblemScope({ problem, refusal = problem, title, notes, children }: {
  problem: Problem | null;
  refusal?: Problem | null;
  title?: string;
  notes?: ReactNode;
  children: ReactNode;
}) {
  const [claimed, setClaimed] = useState<Claim[]>([]);
  const claim = useCallback((c: Claim) => {
    setClaimed((all) => [...all, c]);
    return () => setClaimed((all) => all.filter((x) => x !== c));
  }, []);
  const errors = problem?.errors ?? [];
  const unclaimed = errors.filter((e) => !claimed.some((c) => claims(c, e.path)));
  return (
    <ProblemContext.Provider value={problem}>
      <ClaimContext.Provider value={claim}>
        <ProblemSummary problem={refusal} title={title} listed={unclaimed}>
          {unclaimed.length < errors.length && <p>Fix the fields marked in red.</p>}
          {notes}
        </ProblemSummary>
        {children}
      </ClaimContext.Provider>
    </ProblemContext.Provider>
  );
}
