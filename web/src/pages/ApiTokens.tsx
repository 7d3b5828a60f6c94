import { useState, type FormEvent } from 'react';
import { CopyField } from '../components/CopyButton';
import { DeleteButton } from '../components/DeleteButton';
import { Field, ProblemContext, ProblemSummary, TextField } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { api, enc } from '../lib/api';
import { browserTimeZone, formatInstant } from '../lib/time';
import type { ApiToken } from '../lib/types';
import { useAction } from '../lib/useAction';
import { useData } from '../lib/useData';

export function ApiTokens() {
  const tokens = useData(() => api.list<ApiToken>('/api-tokens'), []);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiToken['scope']>('read');
  const [created, setCreated] = useState<ApiToken | null>(null);
  const zone = browserTimeZone();
  const create = useAction(async () => {
    setCreated(await api.post<ApiToken>('/api-tokens', { name, scope }));
    setName('');
    tokens.reload();
  });
  const revoke = useAction(async (id: string) => {
    await api.del(`/api-tokens/${enc(id)}`);
    tokens.reload();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };
  return (
    <>
      <PageHeader title="API tokens" />
      <p className="muted">For alerting tools and scripts: send as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
      <div className="two-col">
        <form className="card" onSubmit={submit} aria-label="New API token">
          <h2>New token</h2>
          <ProblemContext.Provider value={create.problem}>
            <ProblemSummary problem={create.problem} />
            <TextField label="Token name" path="/name" required placeholder="e.g. Alertmanager" value={name} onChange={setName} />
            <Field label="Scope" path="/scope">
              {(control) => (
                <select {...control} value={scope} onChange={(e) => setScope(e.target.value as ApiToken['scope'])}>
                  <option value="read">read — who is on call, schedules, feeds</option>
                  <option value="admin">admin — everything</option>
                </select>
              )}
            </Field>
          </ProblemContext.Provider>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={create.busy}>
              Create token
            </button>
          </div>
          {created?.token && (
            <div className="created" role="status">
              <p>
                <strong>Token “{created.name}” created.</strong> Copy it now: it is shown only once.
              </p>
              <CopyField label="Token" value={created.token} buttonLabel="Copy token" />
            </div>
          )}
        </form>
        <section className="card" aria-labelledby="tokens-title">
          <h2 id="tokens-title">Tokens</h2>
          <ProblemSummary problem={tokens.problem ?? revoke.problem} />
          {tokens.data?.length === 0 && <p className="empty">No API tokens yet.</p>}
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Scope</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.data?.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <span className="badge">{t.scope}</span>
                  </td>
                  <td>{formatInstant(t.createdAt, zone, 'shortDateTime')}</td>
                  <td>{t.lastUsedAt ? formatInstant(t.lastUsedAt, zone, 'shortDateTime') : 'never'}</td>
                  <td>
                    <DeleteButton label="Revoke" what={`token ${t.name}`} onDelete={() => void revoke.run(t.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">Times in {zone}.</p>
        </section>
      </div>
    </>
  );
}
