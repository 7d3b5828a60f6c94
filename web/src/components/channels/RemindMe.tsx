import { useState } from 'react';
import { api, enc } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { channelBody, DEFAULT_REMIND_BEFORE, draftOf, eventLabel, kindInfo, newReminderId, remindLabel } from '../../lib/channels';
import { href } from '../../lib/router';
import { ownPersonOf } from '../../lib/resources';
import type { Channel, Person } from '../../lib/types';
import { useDeleteAction, useFormAction } from '../../lib/useAction';
import { useData } from '../../lib/useData';
import { DeleteButton } from '../DeleteButton';
import { ProblemScope, ProblemSummary, TextField } from '../Field';
import { FormActions } from '../FormActions';
import { ChannelFields } from './ChannelFields';
import { ChannelTools } from './ChannelTools';
import { WebhookSecret } from './WebhookSecret';

/**
 * "Remind me": the signed-in user's own channels, about their own person (spec §14: a viewer
 * manages the channels whose `person` is theirs). Reminders before their shifts, the start of
 * each, and edits that move them — on their phone (ntfy), by email or in a chat app.
 */
export function RemindMe({ people }: { people: Person[] | undefined }) {
  const { user, canEdit } = useAuth();
  const me = ownPersonOf(people, user);
  const channels = useData(() => api.list<Channel>('/channels'), []);
  // Admins are listed every channel: theirs are those about their own person.
  const mine = me ? channels.data?.filter((c) => c.person === me.id) : [];
  const [editing, setEditing] = useState<{ channel: Channel; isNew: boolean } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const open = (channel: Channel, isNew: boolean) => {
    setSecret(null);
    setEditing({ channel, isNew });
  };
  const remove = useDeleteAction('/channels', (id) => {
    if (editing?.channel.id === id) setEditing(null);
    channels.reload();
  });

  return (
    <section className="card remind-me" aria-labelledby="remind-me-title">
      <h2 id="remind-me-title">Remind me</h2>
      <p className="muted">
        Get a message before each of your shifts, when one starts, and when an edit moves your shifts: on your phone with{' '}
        <a href="https://ntfy.sh/" target="_blank" rel="noreferrer">
          ntfy
        </a>
        , by email, or in a chat app.
      </p>
      {people && !me && (
        <p className="problem">
          Rota cannot remind you yet: no person has your email ({user?.email}), so it knows no shifts of yours. Ask an admin to set your email on
          your person.
          {canEdit && (
            <>
              {' '}
              As an admin you can also set up any channel on <a href={href('channels')}>Notifications</a>.
            </>
          )}
        </p>
      )}
      <ProblemSummary problem={channels.problem ?? remove.problem} />
      {me && (
        <>
          {mine?.length === 0 && <p className="empty">You have no reminders yet.</p>}
          <ul className="plain-list" aria-label="Your reminders">
            {mine?.map((c) => (
              <li key={c.id} className="list-item">
                <div>
                  <strong>{c.name}</strong>
                  <div className="muted small">
                    {kindInfo(c.kind).label} · {c.events.map((e) => (e === 'shift.upcoming' ? `Reminder ${remindLabel(c.remindBefore)}` : eventLabel(e))).join(', ')}
                  </div>
                </div>
                <span className="row-actions">
                  <button type="button" onClick={() => open(c, false)} aria-label={`Edit ${c.name}`}>
                    Edit
                  </button>
                  <DeleteButton what={c.name} onDelete={() => void remove.run(c.id)} />
                </span>
              </li>
            ))}
          </ul>
          {!editing && (
            <button type="button" className="primary" onClick={() => open(blankReminder(me), true)}>
              Add a reminder
            </button>
          )}
          {editing && (
            <ReminderForm
              key={editing.isNew ? 'new' : `form-${editing.channel.id}`}
              initial={editing.channel}
              isNew={editing.isNew}
              person={me.id}
              onSaved={(saved, issued) => {
                setSecret(issued);
                setEditing({ channel: saved, isNew: false });
                channels.reload();
              }}
              onClose={() => {
                setSecret(null);
                setEditing(null);
              }}
            />
          )}
          {secret && <WebhookSecret title="Channel created. Its signing secret:" secret={secret} />}
          {editing && !editing.isNew && <ChannelTools key={`tools-${editing.channel.id}`} channel={editing.channel} logLink={canEdit} />}
        </>
      )}
    </section>
  );
}

function blankReminder(me: Person): Channel {
  return {
    id: '',
    name: `Reminders for ${me.name}`.slice(0, 200),
    kind: 'ntfy',
    url: '',
    events: ['shift.upcoming', 'shift.started', 'shifts.changed'],
    person: me.id,
    remindBefore: DEFAULT_REMIND_BEFORE,
  };
}

function ReminderForm({ initial, isNew, person, onSaved, onClose }: {
  initial: Channel;
  isNew: boolean;
  person: string;
  onSaved: (saved: Channel, secret: string | null) => void;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(initial));
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));
  const save = useFormAction(async () => {
    const id = isNew ? newReminderId(person, draft.kind) : draft.id;
    // Always about this person: the server lets a viewer write no other channel.
    const { secret, ...saved } = await (isNew ? api.create : api.put)<Channel>(`/channels/${enc(id)}`, channelBody({ ...draft, person }));
    onSaved(saved, secret ?? null);
  });
  return (
    <form className="inline-form" onSubmit={save.onSubmit} aria-label={isNew ? 'New reminder' : `Reminder ${initial.name}`}>
      <h3>{isNew ? 'New reminder' : initial.name}</h3>
      <ProblemScope problem={save.problem}>
        <div className="form-grid">
          <TextField label="Name" path="/name" required value={draft.name} onChange={(name) => set({ name })} />
          <ChannelFields draft={draft} set={set} />
        </div>
      </ProblemScope>
      <FormActions submit={isNew ? 'Create reminder' : 'Save reminder'} busy={save.busy} onCancel={onClose} cancelLabel="Close" />
    </form>
  );
}
