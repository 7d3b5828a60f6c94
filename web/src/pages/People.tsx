import { useState } from 'react';
import { DeleteButton } from '../components/DeleteButton';
import { ProblemScope, ProblemSummary, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { PageHeader } from '../components/Layout';
import { PersonName } from '../components/PersonName';
import { TableScroll } from '../components/TableScroll';
import { TimeOffPanel } from '../components/TimeOffPanel';
import { TimeZoneField } from '../components/TimeZoneField';
import { api, enc } from '../lib/api';
import { useAuth } from '../lib/auth';
import { usePeople } from '../lib/resources';
import { renamed } from '../lib/slug';
import { browserTimeZone } from '../lib/time';
import type { Person } from '../lib/types';
import { useDeleteAction, useFormAction } from '../lib/useAction';

const EMPTY: Person = { id: '', name: '', email: '', phone: '', timeZone: '' };

/** Drops empty optional fields so the server sees them as absent. */
function toBody(p: Person): Omit<Person, 'id'> {
  const body: Omit<Person, 'id'> = { name: p.name };
  if (p.email) body.email = p.email;
  if (p.phone) body.phone = p.phone;
  if (p.timeZone) body.timeZone = p.timeZone;
  return body;
}

export function People() {
  const { canEdit } = useAuth();
  const people = usePeople();
  const [editing, setEditing] = useState<{ person: Person; isNew: boolean } | null>(null);
  /** The person whose time off is open (admins). */
  const [away, setAway] = useState<Person | null>(null);
  const remove = useDeleteAction('/people', (id) => {
    if (away?.id === id) setAway(null);
    people.reload();
  });

  return (
    <>
      <PageHeader title="People">
        {canEdit && (
          <button type="button" className="primary" onClick={() => setEditing({ person: EMPTY, isNew: true })}>
            Add person
          </button>
        )}
      </PageHeader>
      <ProblemSummary problem={people.problem ?? remove.problem} />
      {editing && (
        <PersonForm
          key={editing.person.id || 'new'}
          initial={editing.person}
          isNew={editing.isNew}
          onDone={(saved) => {
            setEditing(null);
            if (saved) people.reload();
          }}
        />
      )}
      {away && <TimeOffPanel key={away.id} person={away} zone={away.timeZone || browserTimeZone()} canEdit onClose={() => setAway(null)} />}
      <TableScroll label="People">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              <th scope="col">Time zone</th>
              {canEdit && <th scope="col"><span className="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {people.data?.map((p) => (
              <tr key={p.id}>
                <td>
                  <PersonName person={p} />
                </td>
                <td>
                  <code>{p.id}</code>
                </td>
                <td>{p.email}</td>
                <td>{p.phone}</td>
                <td>{p.timeZone}</td>
                {canEdit && (
                  <td className="row-actions">
                    <button type="button" onClick={() => setEditing({ person: { id: p.id, name: p.name, email: p.email ?? '', phone: p.phone ?? '', timeZone: p.timeZone ?? '' }, isNew: false })} aria-label={`Edit ${p.name}`}>
                      Edit
                    </button>
                    <button type="button" onClick={() => setAway(p)} aria-label={`Time off of ${p.name}`}>
                      Time off
                    </button>
                    <DeleteButton what={p.name} onDelete={() => void remove.run(p.id)} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {people.data?.length === 0 && <p className="empty">No people yet.</p>}
    </>
  );
}

function PersonForm({ initial, isNew, onDone }: { initial: Person; isNew: boolean; onDone: (saved: boolean) => void }) {
  const [person, setPerson] = useState(initial);
  const set = (patch: Partial<Person>) => setPerson((p) => ({ ...p, ...patch }));
  const save = useFormAction(async () => {
    await (isNew ? api.create : api.put)(`/people/${enc(person.id)}`, toBody(person));
    onDone(true);
  });
  return (
    <form className="card form-grid" onSubmit={save.onSubmit} aria-label={isNew ? 'New person' : `Edit ${initial.name}`}>
      <h2>{isNew ? 'New person' : `Edit ${initial.name}`}</h2>
      <ProblemScope problem={save.problem}>
        <TextField label="Name" path="/name" required value={person.name} onChange={(name) => setPerson((p) => renamed(p, name, isNew))} />
        <TextField
          label="Id"
          path="/id"
          required
          pattern="[a-z0-9][a-z0-9\-]{0,62}"
          hint={isNew ? 'Suggested from the name; lower-case letters, digits and dashes' : 'Lower-case letters, digits and dashes'}
          readOnly={!isNew}
          value={person.id}
          onChange={(id) => set({ id })}
        />
        <TextField label="Email" path="/email" type="email" value={person.email ?? ''} onChange={(email) => set({ email })} />
        <TextField label="Phone" path="/phone" type="tel" value={person.phone ?? ''} onChange={(phone) => set({ phone })} />
        <TimeZoneField path="/timeZone" value={person.timeZone ?? ''} onChange={(timeZone) => set({ timeZone })} />
      </ProblemScope>
      <FormActions submit={isNew ? 'Add person' : 'Save person'} busy={save.busy} onCancel={() => onDone(false)} />
    </form>
  );
}
