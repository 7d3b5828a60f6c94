import { useState } from 'react';
import { DeleteButton } from '../components/DeleteButton';
import { Field, ProblemScope, ProblemSummary, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { PageHeader } from '../components/Layout';
import { TableScroll } from '../components/TableScroll';
import { api, enc } from '../lib/api';
import { useAuth } from '../lib/auth';
import { ownPersonOf, usePeople } from '../lib/resources';
import type { Role, User } from '../lib/types';
import { useAction, useDeleteAction, useFormAction } from '../lib/useAction';
import { useData } from '../lib/useData';

function RoleSelect({ label, value, onChange, path }: { label: string; value: Role; onChange: (r: Role) => void; path?: string }) {
  return (
    <Field label={label} path={path}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value as Role)}>
          <option value="viewer">viewer (read only)</option>
          <option value="admin">admin</option>
        </select>
      )}
    </Field>
  );
}

export function Users() {
  const { user: me } = useAuth();
  const users = useData(() => api.list<User>('/users'), []);
  const people = usePeople();
  const [resetting, setResetting] = useState<User | null>(null);
  const update = useAction(async (id: string, patch: Partial<User> & { password?: string }) => {
    await api.patch(`/users/${enc(id)}`, patch);
    users.reload();
  });
  const remove = useDeleteAction('/users', users.reload);
  return (
    <>
      <PageHeader title="Users" />
      <div className="two-col">
        <NewUserForm onCreated={users.reload} />
        <section className="card" aria-labelledby="users-title">
          <h2 id="users-title">Who can sign in</h2>
          <ProblemSummary problem={users.problem ?? update.problem ?? remove.problem} />
          <p className="hint">
            A viewer who is on call needs a person with the same email (on People): that is how Rota finds their own shifts, for My shifts,
            their own calendar feed and their reminders. Without one they can look at schedules, not subscribe to their shifts.
          </p>
          <TableScroll label="Users">
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Person</th>
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {users.data?.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>
                      <select aria-label={`Role of ${u.name}`} value={u.role} disabled={u.id === me?.id} onChange={(e) => void update.run(u.id, { role: e.target.value as Role })}>
                        <option value="viewer">viewer</option>
                        <option value="admin">admin</option>
                      </select>
                    </td>
                    <td>{people.data && (ownPersonOf(people.data, u)?.name ?? <span className="muted">none with this email</span>)}</td>
                    <td className="row-actions">
                      <button type="button" onClick={() => setResetting(u)} aria-label={`Reset password of ${u.name}`}>
                        Reset password
                      </button>
                      {u.id !== me?.id && <DeleteButton what={u.name} onDelete={() => void remove.run(u.id)} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {resetting && <ResetPasswordForm key={resetting.id} user={resetting} onDone={() => setResetting(null)} />}
        </section>
      </div>
    </>
  );
}

function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const empty = { email: '', name: '', role: 'viewer' as Role, password: '' };
  const [draft, setDraft] = useState(empty);
  const set = (patch: Partial<typeof empty>) => setDraft((d) => ({ ...d, ...patch }));
  const create = useFormAction(async () => {
    await api.post<User>('/users', draft);
    setDraft(empty);
    onCreated();
  });
  return (
    <form className="card" onSubmit={create.onSubmit} aria-label="New user">
      <h2>New user</h2>
      <ProblemScope problem={create.problem}>
        <TextField label="Name" path="/name" required value={draft.name} onChange={(name) => set({ name })} />
        <TextField label="Email" path="/email" type="email" required value={draft.email} onChange={(email) => set({ email })} />
        <RoleSelect label="Role" path="/role" value={draft.role} onChange={(role) => set({ role })} />
        <TextField label="Password" path="/password" type="password" autoComplete="new-password" required value={draft.password} onChange={(password) => set({ password })} />
      </ProblemScope>
      <FormActions submit="Create user" busy={create.busy} />
    </form>
  );
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const reset = useFormAction(async () => {
    await api.patch(`/users/${enc(user.id)}`, { password });
    onDone();
  });
  return (
    <form className="inline-form" onSubmit={reset.onSubmit} aria-label={`Reset password of ${user.name}`}>
      <ProblemScope problem={reset.problem}>
        <TextField label={`New password for ${user.name}`} path="/password" type="password" autoComplete="new-password" required value={password} onChange={setPassword} />
      </ProblemScope>
      <FormActions submit="Set password" busy={reset.busy} onCancel={onDone} />
    </form>
  );
}
