import { useState } from 'react';
import { CopyField } from '../components/CopyButton';
import { CreatedSecret } from '../components/CreatedSecret';
import { CredentialsCard } from '../components/CredentialsCard';
import { DeleteButton } from '../components/DeleteButton';
import { Field, ProblemScope, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { PageHeader } from '../components/Layout';
import { api } from '../lib/api';
import type { ApiToken } from '../lib/types';
import { useDeleteAction, useFormAction } from '../lib/useAction';
import { useData } from '../lib/useData';

export function ApiTokens() {
  const tokens = useData(() => api.list<ApiToken>('/api-tokens'), []);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiToken['scope']>('read');
  const [created, setCreated] = useState<ApiToken | null>(null);
  const create = useFormAction(async () => {
    setCreated(await api.post<ApiToken>('/api-tokens', { name, scope }));
    setName('');
    tokens.reload();
  });
  const revoke = useDeleteAction('/api-tokens', tokens.reload);
  return (
    <>
      <PageHeader title="API tokens" />
      <p className="muted">For alerting tools and scripts: send as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
      <div className="two-col">
        <form className="card" onSubmit={create.onSubmit} aria-label="New API token">
          <h2>New token</h2>
          <ProblemScope problem={create.problem}>
            <TextField label="Token name" path="/name" required placeholder="e.g. Alertmanager" value={name} onChange={setName} />
            <Field label="Scope" path="/scope">
              {(control) => (
                <select {...control} value={scope} onChange={(e) => setScope(e.target.value as ApiToken['scope'])}>
                  <option value="read">read — who is on call, schedules, feeds</option>
                  <option value="admin">admin — everything</option>
                </select>
              )}
            </Field>
          </ProblemScope>
          <FormActions submit="Create token" busy={create.busy} />
          {created?.token && (
            <CreatedSecret title={`Token “${created.name}” created.`} notice="Copy it now: it is shown only once.">
              <CopyField label="Token" value={created.token} buttonLabel="Copy token" />
            </CreatedSecret>
          )}
        </form>
        <CredentialsCard
          titleId="tokens-title"
          title="Tokens"
          items={tokens.data}
          problem={tokens.problem ?? revoke.problem}
          emptyText="No API tokens yet."
          columns={[
            { header: 'Name', cell: (t) => t.name },
            { header: 'Scope', cell: (t) => <span className="badge">{t.scope}</span> },
          ]}
          lastUsed={(t) => t.lastUsedAt}
          actions={(t) => <DeleteButton label="Revoke" what={`token ${t.name}`} onDelete={() => void revoke.run(t.id)} />}
        />
      </div>
    </>
  );
}
