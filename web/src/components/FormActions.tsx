import type { ReactNode } from 'react';

/** A form's button row: the primary submit button (left out when `submit` is null, e.g. read-only) and an optional cancel/close button. */
export function FormActions({ submit, busy, onCancel, cancelLabel = 'Cancel', submitDisabled }: {
  submit: ReactNode | null;
  busy?: boolean;
  onCancel?: () => void;
  cancelLabel?: string;
  /** Disabled for reasons other than being busy (nothing chosen yet…). */
  submitDisabled?: boolean;
}) {
  return (
    <div className="form-actions">
      {submit !== null && (
        <button type="submit" className="primary" disabled={busy || submitDisabled}>
          {submit}
        </button>
      )}
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {cancelLabel}
        </button>
      )}
    </div>
  );
}
