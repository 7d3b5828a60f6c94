import type { Alternative } from '../../lib/types';
import { TextAreaField, TextField, useFieldErrors } from '../Field';

/** A form's alternative: every field a string while it is edited (empty = not given). */
export type AlternativeDraft = Required<{ [K in keyof Alternative]: string }>;

export const BLANK_ALTERNATIVE: AlternativeDraft = { name: '', url: '', phone: '', note: '' };

export const alternativeDraft = (a: Alternative): AlternativeDraft => ({ name: a.name, url: a.url ?? '', phone: a.phone ?? '', note: a.note ?? '' });

/** The alternative as sent: fields left empty are left out. */
export function alternativeBody(a: AlternativeDraft): Alternative {
  const body: Alternative = { name: a.name };
  if (a.url.trim()) body.url = a.url.trim();
  if (a.phone.trim()) body.phone = a.phone.trim();
  if (a.note.trim()) body.note = a.note;
  return body;
}

/** The list editor of a component's alternatives ("Listing search still works through your broker website…"). */
export function AlternativesEditor({ value, onChange, readOnly }: { value: AlternativeDraft[]; onChange: (value: AlternativeDraft[]) => void; readOnly: boolean }) {
  const listErrors = useFieldErrors('/alternatives');
  const setAt = (i: number, patch: Partial<AlternativeDraft>) => onChange(value.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  return (
    <fieldset className="alternatives">
      <legend>Alternatives</legend>
      <p className="hint">What still works, and where to go, while this component is down.</p>
      {listErrors.length > 0 && <p className="field-error">{listErrors.map((e) => e.message).join('; ')}</p>}
      {value.length === 0 && <p className="empty">No alternatives.</p>}
      <ol className="entries">
        {value.map((a, i) => (
          <li key={i} className="entry alternative">
            <fieldset aria-label={`Alternative ${i + 1}`}>
              <div className="form-grid">
                <TextField label="Name" path={`/alternatives/${i}/name`} required maxLength={200} placeholder="Broker website" value={a.name} onChange={(name) => setAt(i, { name })} />
                <TextField label="URL" path={`/alternatives/${i}/url`} type="url" placeholder="https://…" value={a.url} onChange={(url) => setAt(i, { url })} />
                <TextField label="Phone" path={`/alternatives/${i}/phone`} type="tel" maxLength={50} value={a.phone} onChange={(phone) => setAt(i, { phone })} />
              </div>
              <TextAreaField label="Note" path={`/alternatives/${i}/note`} rows={2} maxLength={1000} value={a.note} onChange={(note) => setAt(i, { note })} />
              {!readOnly && (
                <button type="button" className="danger-quiet" onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={`Remove alternative ${i + 1}`}>
                  Remove
                </button>
              )}
            </fieldset>
          </li>
        ))}
      </ol>
      {!readOnly && value.length < 20 && (
        <button type="button" onClick={() => onChange([...value, BLANK_ALTERNATIVE])}>
          Add alternative
        </button>
      )}
    </fieldset>
  );
}
