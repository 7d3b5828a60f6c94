import { useState } from 'react';
import { AlternativesEditor, alternativeBody, alternativeDraft, type AlternativeDraft } from '../components/bulletin/AlternativesEditor';
import { StatusBadge } from '../components/bulletin/StatusBadge';
import { Field, ProblemScope, TextAreaField, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { MasterDetailPage, type DetailEditorProps } from '../components/MasterDetailPage';
import { api, enc } from '../lib/api';
import { useAuth } from '../lib/auth';
import { COMPONENT_STATUSES } from '../lib/bulletin';
import type { BulletinComponent, ComponentStatus } from '../lib/types';
import { useFormAction } from '../lib/useAction';
import { useBulletin } from '../lib/useBulletin';
import { useData } from '../lib/useData';

/** A component while it is edited: optional text fields as strings, alternatives as drafts. */
interface ComponentDraft {
  id: string;
  name: string;
  description: string;
  status: ComponentStatus;
  alternatives: AlternativeDraft[];
}

const BLANK: BulletinComponent = { id: '', name: '', description: '', status: 'operational', alternatives: [] };

function draftOf(c: BulletinComponent): ComponentDraft {
  return { id: c.id, name: c.name, description: c.description ?? '', status: c.status, alternatives: (c.alternatives ?? []).map(alternativeDraft) };
}

/**
 * The bulletin's components (spec §15). Admins and the coordinator on duty may create and edit them
 * (an alternative is often learnt during the outage); only admins delete.
 */
export function BulletinComponents() {
  const { canEdit: isAdmin } = useAuth();
  const bulletin = useBulletin();
  const components = useData(() => api.list<BulletinComponent>('/components'), []);
  return (
    <MasterDetailPage
      title="Bulletin components"
      newLabel="New component"
      listLabel="Components"
      emptyText="No components yet: add the systems people rely on, and what to use while each is down."
      items={components}
      collection="/components"
      blank={BLANK}
      canEdit={isAdmin || (bulletin.data?.canPost ?? false)}
      canDelete={isAdmin}
      summary={(c) => (
        <>
          <StatusBadge component={c.effectiveStatus ?? c.status} />
          {c.alternatives?.length ? ` · ${c.alternatives.length} alternative${c.alternatives.length === 1 ? '' : 's'}` : ''}
        </>
      )}
      editor={(props) => <ComponentForm {...props} />}
    />
  );
}

function ComponentForm({ initial, isNew, readOnly, onSaved, onClose }: DetailEditorProps<BulletinComponent>) {
  const [draft, setDraft] = useState(() => draftOf(initial));
  const set = (patch: Partial<ComponentDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const save = useFormAction(async () => {
    const { id, description, alternatives, ...rest } = draft;
    const body = { ...rest, ...(description.trim() ? { description } : {}), alternatives: alternatives.map(alternativeBody) };
    onSaved(await (isNew ? api.create : api.put)<BulletinComponent>(`/components/${enc(id)}`, body));
  });
  const overridden = !isNew && initial.effectiveStatus && initial.effectiveStatus !== initial.status;
  return (
    <form className="card" onSubmit={save.onSubmit} aria-label={isNew ? 'New component' : `Component ${initial.name}`}>
      <h2>{isNew ? 'New component' : initial.name}</h2>
      <ProblemScope problem={save.problem}>
        <fieldset disabled={readOnly} className="plain">
          <div className="form-grid">
            <TextField label="Id" path="/id" required readOnly={!isNew} spellCheck={false} pattern="[a-z0-9][a-z0-9\-]{0,62}" hint="Lower-case letters, digits and dashes" value={draft.id} onChange={(id) => set({ id })} />
            <TextField label="Name" path="/name" required maxLength={200} placeholder="Listing search" value={draft.name} onChange={(name) => set({ name })} />
            <Field
              label="Status"
              path="/status"
              hint={overridden ? <>The status page shows <StatusBadge component={initial.effectiveStatus!} /> from an open incident.</> : 'While no open incident names it'}
            >
              {(control) => (
                <select {...control} value={draft.status} onChange={(e) => set({ status: e.target.value as ComponentStatus })}>
                  {COMPONENT_STATUSES.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <TextAreaField label="Description" path="/description" rows={2} maxLength={2000} value={draft.description} onChange={(description) => set({ description })} />
          <AlternativesEditor value={draft.alternatives} onChange={(alternatives) => set({ alternatives })} readOnly={readOnly} />
        </fieldset>
      </ProblemScope>
      <FormActions submit={readOnly ? null : isNew ? 'Create component' : 'Save component'} busy={save.busy} onCancel={onClose} cancelLabel="Close" />
    </form>
  );
}
