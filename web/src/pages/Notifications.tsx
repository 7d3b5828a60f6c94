import { useCallback, useEffect, useState } from 'react';
import { CheckGroup } from '../components/CheckGroup';
import { ChannelFields } from '../components/channels/ChannelFields';
import { ChannelTools, deliveriesHref } from '../components/channels/ChannelTools';
import { RemindMe } from '../components/channels/RemindMe';
import { WebhookSecret } from '../components/channels/WebhookSecret';
import { ProblemScope, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { PageHeader } from '../components/Layout';
import { MasterDetailPage, type DetailEditorProps } from '../components/MasterDetailPage';
import { PersonSelect } from '../components/PersonSelect';
import { api, enc } from '../lib/api';
import { channelBody, DEFAULT_REMIND_BEFORE, draftOf, eventLabel, kindInfo } from '../lib/channels';
import { nameOf, usePeople, useSchedules } from '../lib/resources';
import type { Channel, Person, Schedule } from '../lib/types';
import { useFormAction } from '../lib/useAction';
import { useData } from '../lib/useData';

const BLANK: Channel = { id: '', name: '', kind: 'webhook', url: '', events: ['shift.started', 'coverage.gap'], remindBefore: DEFAULT_REMIND_BEFORE };

/** A channel's signing secret as answered by the PUT that created it: kept here, as saving re-opens the editor. */
interface IssuedSecret {
  channel: string;
  secret: string;
}

/** Viewers: their own reminders (notices link to this page). */
export function OwnReminders() {
  const people = usePeople();
  return (
    <>
      <PageHeader title="Notifications" />
      <RemindMe people={people.data} />
    </>
  );
}

/** Admins: every notification channel (spec §14), each with its test button and recent deliveries. */
export function Notifications() {
  const channels = useData(() => api.list<Channel>('/channels'), []);
  const people = usePeople();
  const schedules = useSchedules();
  const [issued, setIssued] = useState<IssuedSecret | null>(null);
  const forgetIssued = useCallback(() => setIssued(null), []);
  return (
    <>
      <MasterDetailPage
        title="Notifications"
        newLabel="New channel"
        listLabel="Channels"
        emptyText="No channels yet: Rota tells no one about handoffs, reminders and gaps."
        items={channels}
        collection="/channels"
        blank={BLANK}
        summary={(c) => (
          <>
            {kindInfo(c.kind).label}
            {c.person && ` · only ${nameOf(people.data, c.person)}`}
            {c.schedules && ` · ${c.schedules.length} schedule${c.schedules.length === 1 ? '' : 's'}`}
            <br />
            {c.events.map(eventLabel).join(', ')}
          </>
        )}
        editor={(props) =>
          people.data &&
          schedules.data && (
            <ChannelEditor {...props} people={people.data} schedules={schedules.data} issued={issued} onSecret={setIssued} forgetIssued={forgetIssued} />
          )
        }
      />
      <p>
        <a href={deliveriesHref()}>Delivery log of every channel</a> · <a href={deliveriesHref({ status: 'failed' })}>Failed deliveries</a>
      </p>
    </>
  );
}

type ChannelFormProps = DetailEditorProps<Channel> & {
  people: Person[];
  schedules: Schedule[];
  onSecret: (issued: IssuedSecret) => void;
};

/** The form, then (once saved) the secret its creation issued and the channel's tools. */
function ChannelEditor({ issued, forgetIssued, ...props }: ChannelFormProps & { issued: IssuedSecret | null; forgetIssued: () => void }) {
  // Taken from the page once: closing this editor forgets the secret, so it is shown only now.
  const [secret] = useState(() => (!props.isNew && issued?.channel === props.initial.id ? issued.secret : null));
  useEffect(() => {
    if (secret) forgetIssued();
  }, [secret, forgetIssued]);
  return (
    <div>
      <ChannelForm {...props} />
      {secret && <WebhookSecret title="Channel created. Its signing secret:" secret={secret} />}
      {!props.isNew && <ChannelTools channel={props.initial} logLink />}
    </div>
  );
}

function ChannelForm({ initial, isNew, people, schedules, onSaved, onClose, onSecret }: ChannelFormProps) {
  const [draft, setDraft] = useState(() => draftOf(initial));
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));
  const save = useFormAction(async () => {
    const { secret, ...saved } = await (isNew ? api.create : api.put)<Channel>(`/channels/${enc(draft.id)}`, channelBody(draft));
    if (secret) onSecret({ channel: saved.id, secret });
    onSaved(saved);
  });
  return (
    <form className="card" onSubmit={save.onSubmit} aria-label={isNew ? 'New channel' : `Channel ${initial.name}`}>
      <h2>{isNew ? 'New channel' : initial.name}</h2>
      <ProblemScope problem={save.problem}>
        <div className="form-grid">
          <TextField label="Id" path="/id" required readOnly={!isNew} spellCheck={false} pattern="[a-z0-9][a-z0-9\-]{0,62}" hint="Lower-case letters, digits and dashes" value={draft.id} onChange={(id) => set({ id })} />
          <TextField label="Name" path="/name" required placeholder="#ops" value={draft.name} onChange={(name) => set({ name })} />
          <ChannelFields draft={draft} set={set} />
          <CheckGroup
            label="Schedules"
            path="/schedules"
            hint="None ticked: every schedule, also those added later."
            options={schedules.map((s) => ({ value: s.id, label: s.name }))}
            value={draft.schedules}
            onChange={(chosen) => set({ schedules: chosen })}
          />
          <PersonSelect label="Only about" path="/person" people={people} noneLabel="Everyone" value={draft.person} onChange={(person) => set({ person })} />
        </div>
      </ProblemScope>
      <FormActions submit={isNew ? 'Create channel' : 'Save channel'} busy={save.busy} onCancel={onClose} cancelLabel="Close" />
    </form>
  );
}
