import { useId, useState } from 'react';
import type { Schedule } from '../../lib/types';

/** The schedule as its raw JSON document, editable and applied back to the form. */
export function DocumentJson({ body, onApply }: { body: Schedule; onApply: (doc: Schedule) => void }) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState('');
  const shown = text ?? JSON.stringify(body, null, 2);
  const apply = () => {
    try {
      const parsed = JSON.parse(shown) as Schedule;
      if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.layers)) throw new Error('The document needs a "layers" array.');
      onApply(parsed);
      setText(null);
      setError('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details className="card document-json">
      <summary>Schedule document (JSON)</summary>
      <div className="field">
        <label htmlFor={id}>Document</label>
        <textarea id={id} rows={16} spellCheck={false} value={shown} onChange={(e) => setText(e.target.value)} aria-describedby={error ? `${id}-error` : undefined} />
        {error && (
          <span className="field-error" id={`${id}-error`}>
            {error}
          </span>
        )}
      </div>
      <div className="form-actions">
        <button type="button" disabled={text === null} onClick={apply}>
          Apply JSON to form
        </button>
        <button type="button" disabled={text === null} onClick={() => setText(null)}>
          Discard JSON edits
        </button>
      </div>
    </details>
  );
}
