import { useState } from 'react';
import { ProblemScope, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { PageHeader } from '../components/Layout';
import { useAuth } from '../lib/auth';
import type { Problem } from '../lib/types';
import { useFormAction } from '../lib/useAction';

/**
 * The signed-in user changes their own password (POST /auth/password). The server ends every
 * session of the user and answers a new one, so this browser stays signed in and others sign in
 * again.
 */
export function ChangePassword() {
  const { user, changePassword } = useAuth();
  const empty = { currentPassword: '', newPassword: '', confirmPassword: '' };
  const [draft, setDraft] = useState(empty);
  const [changed, setChanged] = useState(false);
  // A typing slip in the new password would lock the user out: it is typed twice, compared here.
  const [mismatch, setMismatch] = useState<Problem | null>(null);
  const set = (patch: Partial<typeof empty>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setChanged(false);
  };
  const change = useFormAction(async () => {
    setMismatch(null);
    if (draft.newPassword !== draft.confirmPassword) {
      setMismatch({ title: 'The new passwords differ', status: 400, errors: [{ path: '/confirmPassword', message: 'must repeat the new password' }] });
      return;
    }
    await changePassword(draft.currentPassword, draft.newPassword);
    setDraft(empty);
    setChanged(true);
  });
  return (
    <>
      <PageHeader title="Change password" />
      <form className="card account" onSubmit={change.onSubmit} aria-label="Change password">
        <p className="muted">
          Signed in as <strong>{user?.email}</strong>. Changing your password signs you out everywhere else.
        </p>
        <ProblemScope problem={mismatch ?? change.problem}>
          <input type="text" name="username" autoComplete="username" value={user?.email ?? ''} readOnly hidden />
          <TextField label="Current password" path="/currentPassword" type="password" autoComplete="current-password" required value={draft.currentPassword} onChange={(currentPassword) => set({ currentPassword })} />
          <TextField label="New password" path="/newPassword" type="password" autoComplete="new-password" required hint="At least 8 characters." value={draft.newPassword} onChange={(newPassword) => set({ newPassword })} />
          <TextField label="Repeat the new password" path="/confirmPassword" type="password" autoComplete="new-password" required value={draft.confirmPassword} onChange={(confirmPassword) => set({ confirmPassword })} />
        </ProblemScope>
        <FormActions submit="Change password" busy={change.busy} />
        {changed && (
          <p className="created" role="status">
            <strong>Password changed.</strong> Other sessions of this account have been signed out.
          </p>
        )}
      </form>
    </>
  );
}
