import { useState } from 'react';
import { RemindMe } from '../components/channels/RemindMe';
import { CopyField } from '../components/CopyButton';
import { CreatedSecret } from '../components/CreatedSecret';
import { CredentialsCard } from '../components/CredentialsCard';
import { DeleteButton } from '../components/DeleteButton';
import { Field, ProblemScope } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { PageHeader } from '../components/Layout';
import { SubscribeHowTo } from '../components/SubscribeHowTo';
import { parseSubject, subjectKey, SubjectOptions } from '../components/SubjectOptions';
import { api } from '../lib/api';
import { useAuth } from '../lib/auth';
import { nameIn, nameOf, ownPersonOf, usePeople, useSchedules } from '../lib/resources';
import type { CreatedFeed, Feed } from '../lib/types';
import { useDeleteAction, useFormAction } from '../lib/useAction';
import { useData } from '../lib/useData';

export function Feeds({ initialSchedule }: { initialSchedule: string }) {
  const { user, canEdit } = useAuth();
  const feeds = useData(() => api.list<Feed>('/feeds'), []);
  const schedules = useSchedules();
  const people = usePeople();
  const [choice, setSubject] = useState(canEdit && initialSchedule ? subjectKey({ schedule: initialSchedule }) : '');
  // A viewer may subscribe only to their own shifts: the person whose email is theirs (the server refuses others).
  const ownPerson = canEdit ? undefined : ownPersonOf(people.data, user);
  const subject = canEdit ? choice : ownPerson ? subjectKey({ person: ownPerson.id }) : '';
  const [created, setCreated] = useState<CreatedFeed | null>(null);
  const scheduleName = (id: string) => nameIn(schedules.data, id);

  const create = useFormAction(async () => {
    setCreated(await api.post<CreatedFeed>('/feeds', parseSubject(subject)));
    feeds.reload();
  });
  const revoke = useDeleteAction('/feeds', (id) => {
    if (created?.id === id) setCreated(null);
    feeds.reload();
  });

  return (
    <>
      <PageHeader title="Calendar feeds" />
      <p className="muted">
        Subscribe in any calendar app to see on-call shifts. A feed link works without signing in — treat it like a password. Feed events
        never mark you busy.
      </p>
      <div className="two-col">
        <div>
          <form className="card" onSubmit={create.onSubmit} aria-label="Subscribe">
            <h2>Subscribe</h2>
            <ProblemScope problem={create.problem}>
              {canEdit ? (
                <Field label="Feed of" path="/schedule">
                  {(control) => (
                    <select {...control} value={subject} required onChange={(e) => setSubject(e.target.value)}>
                      <option value="">Choose a schedule or person…</option>
                      <SubjectOptions schedules={schedules.data} people={people.data} schedulesLabel="Schedules" peopleLabel="People (their shifts in every schedule)" />
                    </select>
                  )}
                </Field>
              ) : (
                <Field label="Feed of" path="/person" hint="As a viewer you can subscribe to your own shifts, in every schedule.">
                  {(control) => (
                    <select {...control} value={subject} required disabled={!ownPerson}>
                      {ownPerson ? <option value={subject}>{ownPerson.name} (you)</option> : <option value="">No person has your email</option>}
                    </select>
                  )}
                </Field>
              )}
              {!canEdit && people.data && !ownPerson && (
                <p className="problem" role="alert">
                  No person in Rota has your email ({user?.email}), so there are no shifts of yours to subscribe to. Ask an admin to set it on your
                  person.
                </p>
              )}
            </ProblemScope>
            <FormActions submit="Create feed link" busy={create.busy} submitDisabled={!subject} />
            {created && (
              <CreatedSecret title="Feed created." notice="Copy the link now: it is not shown again.">
                <CopyField label="Feed link" value={created.url} />
                {/* The server builds the link from ROTA_PUBLIC_URL, else from the address this page was opened at. */}
                {created.url.startsWith('http:') && (
                  <p className="hint">
                    This link is plain http, like the address this page was opened at. Calendar apps out on the internet need an https link at a public
                    address to fetch it (Google Calendar and Outlook fetch from their own servers): ask whoever runs Rota to serve it over https
                    and set ROTA_PUBLIC_URL.
                  </p>
                )}
                <CopyField label="Calendar app link (webcal)" value={created.webcalUrl} buttonLabel="Copy webcal link" />
                <a className="button" href={created.webcalUrl}>
                  Subscribe in Apple Calendar
                </a>
              </CreatedSecret>
            )}
          </form>
          <SubscribeHowTo />
        </div>
        <CredentialsCard
          titleId="feeds-title"
          title="Feed links"
          items={feeds.data}
          problem={feeds.problem ?? revoke.problem}
          emptyText={canEdit ? 'No feed links yet.' : 'You have no feed links yet.'}
          columns={[{ header: 'Feed of', cell: (f) => (f.schedule ? `Schedule: ${scheduleName(f.schedule)}` : `Person: ${nameOf(people.data, f.person)}`) }]}
          lastUsed={(f) => f.lastAccessAt}
          // A viewer is listed only their own feeds, and may revoke those.
          actions={(f) => <DeleteButton label="Revoke" what="feed link" onDelete={() => void revoke.run(f.id)} />}
        />
      </div>
      <RemindMe people={people.data} />
    </>
  );
}
