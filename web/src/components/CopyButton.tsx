import { useState } from 'react';

/** Copies `text` to the clipboard and says so (falls back to selecting the text). */
export function CopyButton({ text, label = 'Copy link', targetId }: { text: string; label?: string; targetId?: string }) {
  const [status, setStatus] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('Copied');
    } catch {
      const target = targetId ? document.getElementById(targetId) : null;
      if (target instanceof HTMLInputElement) target.select();
      setStatus('Press Ctrl+C to copy');
    }
  };
  return (
    <>
      <button type="button" onClick={copy}>
        {label}
      </button>
      <span className="copy-status" role="status">
        {status}
      </span>
    </>
  );
}

/** A read-only text box with a copy button, for links and tokens. */
export function CopyField({ label, value, buttonLabel }: { label: string; value: string; buttonLabel?: string }) {
  const id = `copy-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input id={id} readOnly value={value} onFocus={(e) => e.target.select()} />
        <CopyButton text={value} label={buttonLabel} targetId={id} />
      </div>
    </div>
  );
}
