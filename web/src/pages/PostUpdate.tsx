import { useEffect, useRef, useState } from 'react';
import { ChoiceButtons } from '../components/ChoiceButtons';
import { componentList } from '../components/bulletin/IncidentCard';
import { StatusBadge } from '../components/bulletin/StatusBadge';
import { Field, ProblemContext, ProblemSummary, TextAreaField, TextField } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { api, enc } from '../lib/api';
import { bulletinZone, COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, labelOf, NEXT_UPDATE_PICKS, nextUpdateAt, type NextUpdatePick } from '../lib/bulletin';
import { nameIn, useSchedules } from '../lib/resources';
import { href } from '../lib/router';
import { formatInstant } from '../lib/time';
import type { Bulletin, BulletinComponent, ComponentStatus, Impact, Incident, IncidentStatus } from '../lib/types';
import { useFormAction } from '../lib/useAction';
import { useBulletin } from '../lib/useBulletin';
import { useData } from '../lib/useData';

/** The incident choice that means "a new incident". */
const NEW = '';

/**
 * "Post an update": the coordinator on duty's screen (and admins'), made for a phone — they are at
 * church or travelling when it happens. Whom the server says may not post is told why instead.
 */
export function PostUpdate({ initialIncident }: { initialIncident: string }) {
  const bulletin = useBulletin();
  const canPost = bulletin.data?.canPost ?? false;
  // Once the form is open it stays: a 403 after a handoff reloads the bulletin (hiding the nav
  // link), and the coordinator must still see why their text was not posted, and keep it.
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (canPost) setOpened(true);
  }, [canPost]);
  return (
    <div className="post-update">
      <PageHeader title="Post an update" />
      <ProblemSummary problem={bulletin.problem} />
      {bulletin.data && (canPost || opened ? <PostUpdateLoader initialIncident={initialIncident} bulletin={bulletin.data} onForbidden={bulletin.reload} /> : <MayNotPost bulletin={bulletin.data} />)}
    </div>
  );
}

/** Who may post, said before anything is typed (the server would answer a post with 403). */
function MayNotPost({ bulletin }: { bulletin: Bulletin }) {
  return (
    <div className="problem" role="alert">
      <strong>You may not post to the outage bulletin now (403 Forbidden).</strong>
      <p>
        Only admins and the coordinator on duty — whoever is on call now for the bulletin's coordinator schedule — post incidents and updates.
        {bulletin.coordinator ? ` The coordinator on duty now is ${bulletin.coordinator.name}.` : ' Nobody is on duty now: ask an admin.'}
      </p>
      <p>
        <a href="/status">See the public status page</a>
      </p>
    </div>
  );
}

/** The open incidents, newest first, once `posted` is the answer to a post (it may have resolved one, or opened one). */
function withPosted(incidents: Incident[], posted: Incident): Incident[] {
  return [posted, ...incidents.filter((i) => i.id !== posted.id)].filter((i) => i.status !== 'resolved').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Loads the open incidents and the components, then the form; after a post, what was posted. */
function PostUpdateLoader({ initialIncident, bulletin, onForbidden }: { initialIncident: string; bulletin: Bulletin; onForbidden: () => void }) {
  const open = useData(() => api.list<Incident>('/incidents', { status: 'open' }), []);
  const components = useData(() => api.list<BulletinComponent>('/components'), []);
  const schedules = useSchedules();
  const [posted, setPosted] = useState<Incident | null>(null);
  // After a post the list is the one loaded with the post's answer in (not reloaded: a reload would
  // show the form once more on the list from before, with the message before the last).
  const [incidents, setIncidents] = useState<Incident[]>();
  const list = incidents ?? open.data;
  // Each round of the form starts afresh, on the incident just posted to.
  const [round, setRound] = useState({ n: 0, incident: initialIncident });
  const zone = bulletinZone(bulletin.coordinatorSchedule, schedules.data);
  if (posted)
    return (
      <Posted
        incident={posted}
        nameOf={(id) => nameIn(components.data, id)}
        onAnother={() => {
          setIncidents(withPosted(list ?? [], posted));
          setRound((r) => ({ n: r.n + 1, incident: posted.id }));
          setPosted(null);
          components.reload();
        }}
      />
    );
  const problem = open.problem ?? components.problem ?? schedules.problem;
  if (problem) return <ProblemSummary problem={problem} />;
  if (!list || !components.data || !schedules.data) return <p className="loading">Loading…</p>;
  return (
    <UpdateForm
      key={round.n}
      incidents={list}
      components={components.data}
      initialIncident={round.incident}
      zone={zone}
      onPosted={setPosted}
      onForbidden={onForbidden}
    />
  );
}

interface Draft {
  /** An open incident's id, or NEW. */
  incident: string;
  title: string;
  impact: Impact;
  status: IncidentStatus;
  /** The components this update names; a component left out is not mentioned. */
  components: Record<string, ComponentStatus>;
  message: string;
  next: NextUpdatePick;
}

/** The form for `incident` (or a new one): its current status and components, and its last message to edit rather than retype. */
function draftFor(incident: Incident | undefined, next: NextUpdatePick): Draft {
  return {
    incident: incident?.id ?? NEW,
    title: '',
    impact: 'major',
    status: incident?.status ?? 'investigating',
    components: { ...incident?.components },
    message: incident?.updates[0]?.message ?? '',
    next,
  };
}

function UpdateForm({ incidents, components, initialIncident, zone, onPosted, onForbidden }: {
  incidents: Incident[];
  components: BulletinComponent[];
  initialIncident: string;
  zone: string;
  onPosted: (incident: Incident) => void;
  onForbidden: () => void;
}) {
  const incidentOf = (id: string) => incidents.find((i) => i.id === id);
  // The incident asked for, else the newest open one: posting again to the ongoing outage is the usual case.
  const [draft, setDraft] = useState(() => draftFor(incidentOf(initialIncident) ?? incidents[0], '60'));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const chosen = incidentOf(draft.incident);

  const save = useFormAction(async () => {
    const update = {
      status: draft.status,
      message: draft.message,
      ...(Object.keys(draft.components).length ? { components: draft.components } : {}),
      ...(draft.next === 'none' ? {} : { nextUpdateBy: nextUpdateAt(draft.next, Date.now()) }),
    };
    onPosted(
      chosen
        ? await api.post<Incident>(`/incidents/${enc(chosen.id)}/updates`, update)
        : await api.post<Incident>('/incidents', { title: draft.title, impact: draft.impact, ...update }),
    );
  });
  const forbidden = save.problem?.status === 403;
  useEffect(() => {
    if (forbidden) onForbidden();
  }, [forbidden, onForbidden]);

  const setStatus = (status: IncidentStatus) =>
    // Resolved: what it named works again and no further update is due — the usual last word, still editable.
    set(status === 'resolved' ? { status, next: 'none', components: Object.fromEntries(Object.keys(draft.components).map((id) => [id, 'operational'])) } : { status });
  const setComponent = (id: string, status: ComponentStatus | '') =>
    set({ components: Object.fromEntries(Object.entries({ ...draft.components, [id]: status }).filter(([, s]) => s !== '')) as Record<string, ComponentStatus> });
  const nextAt = nextUpdateAt(draft.next, Date.now());

  return (
    <form className="post-form" onSubmit={save.onSubmit} aria-label="Post an update">
      <ProblemContext.Provider value={save.problem}>
        <ChoiceButtons
          legend="Incident"
          name="incident"
          className="choices-stacked"
          options={[
            ...incidents.map((i) => ({
              value: i.id,
              label: (
                <>
                  <strong>{i.title}</strong>
                  <span className="choice-detail">
                    {labelOf(INCIDENT_STATUSES, i.status)} · last update {formatInstant(i.updates[0]?.postedAt ?? i.updatedAt, zone, 'time')}
                  </span>
                </>
              ),
            })),
            { value: NEW, label: <strong>New incident</strong> },
          ]}
          value={draft.incident}
          onChange={(id) => setDraft(draftFor(incidentOf(id), draft.next))}
        />
        {!chosen && (
          <>
            <TextField label="Title" path="/title" required maxLength={200} placeholder="Listing search is down" value={draft.title} onChange={(title) => set({ title })} />
            <ChoiceButtons legend="Impact" name="impact" path="/impact" options={IMPACTS} value={draft.impact} onChange={(impact) => set({ impact })} />
          </>
        )}
        <ChoiceButtons legend="Status" name="status" path="/status" className="choices-2" options={INCIDENT_STATUSES} value={draft.status} onChange={setStatus} />
        {components.length > 0 && (
          <fieldset className="component-pickers">
            <legend>Affected components</legend>
            {components.map((c) => (
              <Field
                key={c.id}
                label={c.name}
                path={`/components/${c.id}`}
                hint={
                  <>
                    Now <StatusBadge component={c.effectiveStatus ?? c.status} />
                  </>
                }
              >
                {(control) => (
                  <select {...control} value={draft.components[c.id] ?? ''} onChange={(e) => setComponent(c.id, e.target.value as ComponentStatus | '')}>
                    {/* Once the incident names a component, an update can only change its status, not unname it. */}
                    {!chosen?.components[c.id] && <option value="">Not affected</option>}
                    {COMPONENT_STATUSES.map((s) => (
                      <option key={s.value} value={s.value}>
                        {s.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          </fieldset>
        )}
        <TextAreaField
          label="Message"
          path="/message"
          required
          rows={6}
          maxLength={10000}
          hint={chosen ? 'The last message of this incident: edit it rather than retype it.' : 'What broke, what is being done, what still works.'}
          value={draft.message}
          onChange={(message) => set({ message })}
        />
        <ChoiceButtons legend="Next update by" name="next" path="/nextUpdateBy" className="choices-4" options={NEXT_UPDATE_PICKS} value={draft.next} onChange={(next) => set({ next })} />
        <p className="hint next-at">{nextAt ? `Next update due by ${formatInstant(nextAt, zone)} (${zone})` : 'No next update promised.'}</p>
      </ProblemContext.Provider>
      {/* Beside the button just pressed: on a phone the top of the form is out of sight. */}
      {forbidden ? (
        <div className="problem" role="alert">
          <strong>Not posted: you may no longer post (403 Forbidden).</strong>
          {save.problem?.detail && <p>{save.problem.detail}</p>}
          <p>Your text is still above: copy it and send it to the coordinator on duty.</p>
        </div>
      ) : (
        <ProblemSummary problem={save.problem} title="Not posted" />
      )}
      <button type="submit" className="primary post-button" disabled={save.busy}>
        {save.busy ? 'Posting…' : chosen ? 'Post update' : 'Post new incident'}
      </button>
    </form>
  );
}

/** What was posted, with the way to the public page where everyone reads it. */
function Posted({ incident, nameOf, onAnother }: { incident: Incident; nameOf: (id: string) => string; onAnother: () => void }) {
  const affected = componentList(incident.components, nameOf);
  // The form is gone: focus (and on a phone, scroll to) what replaced it, so it is seen and read out.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card posted" aria-labelledby="posted-title">
      <h2 id="posted-title" ref={heading} tabIndex={-1}>
        Update posted
      </h2>
      <p>
        <strong>{incident.title}</strong> is now <StatusBadge incident={incident.status} />
        {affected && <> · {affected}</>}
      </p>
      <div className="form-actions">
        <a className="button primary" href={`/status#${enc(incident.id)}`}>
          See it on the status page
        </a>
        <button type="button" onClick={onAnother}>
          Post another update
        </button>
        <a className="button" href={href('bulletin')}>
          All incidents
        </a>
      </div>
    </section>
  );
}
