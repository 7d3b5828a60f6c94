import { useState, type FormEvent } from 'react';
import { CopyField } from '../components/CopyButton';
import { DeleteButton } from '../components/DeleteButton';
import { Field, ProblemContext, ProblemSummary } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { api, enc } from '../lib/api';
import { useAuth } from '../lib/auth';
import { nameOf, usePeople, useSchedules } from '../lib/resources';
import { browserTimeZone, formatInstant } from '../lib/time';
import type { CreatedFeed, Feed } from '../lib/types';
import { useAction } from '../lib/useAction';
import { useData } from '../lib/useData';

export function Feeds({ initialSchedule }: { initialSchedule: string }) {
  const { canEdit } = useAuth();
  const feeds = useData(() => api.list<Feed>('/feeds'), []);
  const schedules = useSchedules();
  const people = usePeople();
  const [subject, setSubject] = useState(initialSchedule ? `schedule:${initialSchedule}` : '');
  const [created, setCreated] = useState<CreatedFeed | null>(null);
  const zone = browserTimeZone();
  const scheduleName = (id: string) => schedules.data?.find((s) => s.id === id)?.name ?? id;

  const create = useAction(async () => {
    const [kind, id] = subject.split(/:(.*)/);
    setCreated(await api.post<CreatedFeed>('/feeds', { [kind === 'person' ? 'person' : 'schedule']: id }));
    feeds.reload();
  });
  const revoke = useAction(async (id: string) => {
    await api.del(`/feeds/${enc(id)}`);
    if (created?.id === id) setCreated(null);
    feeds.reload();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };

  return (
    <>
      <PageHeader title="Calendar feeds" />
      <p className="muted">
        Subscribe in any calendar app to see on-call shifts. A feed link works without signing in — treat it like a password. Feed events
        never mark you busy.
      </p>
      <div className="two-col">
        <form className="card" onSubmit={submit} aria-label="Subscribe">
          <h2>Subscribe</h2>
          <ProblemContext.Provider value={create.problem}>
            <ProblemSummary problem={create.problem} />
            <Field label="Feed of" path="/schedule">
              {(control) => (
                <select {...control} value={subject} required onChange={(e) => setSubject(e.target.value)}>
                  <option value="">Choose a schedule or person…</option>
                  <optgroup label="Schedules">
                    {schedules.data?.map((s) => (
                      <option key={s.id} value={`schedule:${s.id}`}>
                        {s.name}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="People (their shifts in every schedule)">
                    {people.data?.map((p) => (
                      <option key={p.id} value={`person:${p.id}`}>
                        {p.name}
                      </option>
                    ))}
                  </optgroup>
                </select>
              )}
            </Field>
          </ProblemContext.Provider>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!subject || create.busy}>
              Create feed link
            </button>
          </div>
          {created && (
            <div className="created" role="status">
              <p>
                <strong>Feed created.</strong> Copy the link now: it is not shown again.
              </p>
              <CopyField label="Feed link (https)" value={created.url} />
              <CopyField label="Calendar app link (webcal)" value={created.webcalUrl} buttonLabel="Copy webcal link" />
              <a className="button" href={created.webcalUrl}>
                Open in calendar app
              </a>
            </div>
          )}
        </form>
        <section className="card" aria-labelledby="feeds-title">
          <h2 id="feeds-title">Feed links</h2>
          <ProblemSummary problem={feeds.problem ?? revoke.problem} />
          {feeds.data?.length === 0 && <p className="empty">No feed links yet.</p>}
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Feed of</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {feeds.data?.map((f) => (
                <tr key={f.id}>
                  <td>{f.schedule ? `Schedule: ${scheduleName(f.schedule)}` : `Person: ${nameOf(people.data, f.person)}`}</td>
                  <td>{formatInstant(f.createdAt, zone, 'shortDateTime')}</td>
                  <td>{f.lastAccessAt ? formatInstant(f.lastAccessAt, zone, 'shortDateTime') : 'never'}</td>
                  <td>{canEdit && <DeleteButton label="Revoke" what="feed link" onDelete={() => void revoke.run(f.id)} />}</td>
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
