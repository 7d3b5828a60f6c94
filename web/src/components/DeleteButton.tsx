import { useState } from 'react';

/** A two-step delete: the first press asks, the second deletes. */
export function DeleteButton({ what, onDelete, label = 'Delete' }: { what: string; onDelete: () => void; label?: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="danger-quiet" onClick={() => setAsking(true)} aria-label={`${label} ${what}`}>
        {label}
      </button>
    );
  return (
    <span className="confirm">
      <button
        type="button"
        className="danger"
        autoFocus
        onClick={() => {
          setAsking(false);
          onDelete();
        }}
      >
        Confirm {label.toLowerCase()} {what}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
