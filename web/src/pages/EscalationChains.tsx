import { useState, type FormEvent } from 'react';
import { DeleteButton } from '../components/DeleteButton';
import { Field, ProblemContext, ProblemSummary, TextField } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { PersonName } from '../components/PersonName';
import { api, enc } from '../lib/api';
import { useAuth } from '../lib/auth';
import { useChains, usePeople, useSchedules } from '../lib/resources';
import type { EscalationChain, EscalationLevel, Person, ResolvedChain, Schedule, Target } from '../lib/types';
import { formatInstant } from '../lib/time';
import { useAction } from '../lib/useAction';
import { useData } from '../lib/useData';

const EMPTY: EscalationChain = { id: '', name: '', repeat: 0, levels: [{ targets: [], escalateAfterMinutes: 15 }] };

export function EscalationChains() {
  const { canEdit } = useAuth();
  const chains = useChains();
  const people = usePeople();
  const schedules = useSchedules();
  const [editing, setEditing] = useState<{ chain: EscalationChain; isNew: boolean } | null>(null);
  const remove = useAction(async (id: string) => {
    await api.del(`/escalation-chains/${enc(id)}`);
    if (editing?.chain.id === id) setEditing(null);
    chains.reload();
  });
  return (
    <>
      <PageHeader title="Escalation chains">
        {canEdit && (
          <button type="button" className="primary" onClick={() => setEditing({ chain: EMPTY, isNew: true })}>
            New chain
          </button>
        )}
      </PageHeader>
      <ProblemSummary problem={chains.problem ?? remove.problem} />
      <div className="master-detail">
        <section className="card" aria-label="Chains">
          {chains.data?.length === 0 && <p className="empty">No escalation chains yet.</p>}
          <ul className="plain-list">
            {chains.data?.map((c) => (
              <li key={c.id} className="list-item">
                <div>
                  <strong>{c.name}</strong> <code>{c.id}</code>
                  <div className="muted small">
                    {c.levels.length} level{c.levels.length === 1 ? '' : 's'}
                    {c.repeat ? `, repeats ${c.repeat}×` : ''}
                  </div>
                </div>
                <span className="row-actions">
                  <button type="button" onClick={() => setEditing({ chain: c, isNew: false })} aria-label={`${canEdit ? 'Edit' : 'View'} ${c.name}`}>
                    {canEdit ? 'Edit' : 'View'}
                  </button>
                  {canEdit && <DeleteButton what={c.name} onDelete={() => void remove.run(c.id)} />}
                </span>
              </li>
            ))}
          </ul>
        </section>
        {editing && people.data && schedules.data && (
          <ChainForm
            key={editing.isNew ? 'new' : editing.chain.id}
            initial={editing.chain}
            isNew={editing.isNew}
            readOnly={!canEdit}
            people={people.data}
            schedules={schedules.data}
            onSaved={(c) => {
              setEditing({ chain: c, isNew: false });
              chains.reload();
            }}
            onClose={() => setEditing(null)}
          />
        )}
      </div>
    </>
  );
}

/** A target select value: "schedule:comms" or "person:alice". */
const targetKey = (t: Target) => ('schedule' in t ? `schedule:${t.schedule}` : `person:${t.person}`);
function parseTarget(key: string): Target {
  const [kind, id = ''] = key.split(/:(.*)/);
  return kind === 'schedule' ? { schedule: id } : { person: id };
}

function ChainForm({ initial, isNew, readOnly, people, schedules, onSaved, onClose }: {
  initial: EscalationChain;
  isNew: boolean;
  readOnly: boolean;
  people: Person[];
  schedules: Schedule[];
  onSaved: (c: EscalationChain) => void;
  onClose: () => void;
}) {
  const [chain, setChain] = useState(initial);
  const set = (patch: Partial<EscalationChain>) => setChain((c) => ({ ...c, ...patch }));
  const setLevel = (i: number, level: EscalationLevel) => set({ levels: chain.levels.map((l, j) => (j === i ? level : l)) });
  const [resolveTick, setResolveTick] = useState(0);
  const save = useAction(async () => {
    const { id, ...body } = chain;
    await api.put(`/escalation-chains/${enc(id)}`, body);
    setResolveTick((t) => t + 1);
    onSaved(chain);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  return (
    <form className="card" onSubmit={submit} aria-label={isNew ? 'New chain' : `Chain ${initial.name}`}>
      <h2>{isNew ? 'New escalation chain' : initial.name}</h2>
      <ProblemContext.Provider value={save.problem}>
        <ProblemSummary problem={save.problem} />
        <fieldset disabled={readOnly} className="plain">
          <div className="form-grid">
            <TextField label="Id" path="/id" required readOnly={!isNew} spellCheck={false} value={chain.id} onChange={(id) => set({ id })} />
            <TextField label="Name" path="/name" required value={chain.name} onChange={(name) => set({ name })} />
            <TextField
              label="Repeat"
              path="/repeat"
              type="number"
              min={0}
              hint="Times to run the chain again after the last level"
              value={String(chain.repeat ?? 0)}
              onChange={(r) => set({ repeat: Number(r) })}
            />
          </div>
          <ol className="levels">
            {chain.levels.map((level, i) => (
              <li key={i} className="level">
                <fieldset>
                  <legend>Level {i + 1}</legend>
                  <ul className="entries">
                    {level.targets.map((t, k) => (
                      <li key={k} className="entry">
                        <Field label={`Target ${k + 1}`} path={`/levels/${i}/targets/${k}`} nested>
                          {(control) => (
                            <select
                              {...control}
                              value={targetKey(t)}
                              onChange={(e) => setLevel(i, { ...level, targets: level.targets.map((x, j) => (j === k ? parseTarget(e.target.value) : x)) })}
                            >
                              <optgroup label="Schedules (whoever is on call)">
                                {schedules.map((s) => (
                                  <option key={s.id} value={`schedule:${s.id}`}>
                                    {s.name}
                                  </option>
                                ))}
                              </optgroup>
                              <optgroup label="People">
                                {people.map((p) => (
                                  <option key={p.id} value={`person:${p.id}`}>
                                    {p.name}
                                  </option>
                                ))}
                              </optgroup>
                            </select>
                          )}
                        </Field>
                        <button type="button" className="danger-quiet" onClick={() => setLevel(i, { ...level, targets: level.targets.filter((_, j) => j !== k) })} aria-label={`Remove target ${k + 1} of level ${i + 1}`}>
                          Remove
                        </button>
                      </li>
                    ))}
                  </ul>
                  <div className="row">
                    <button
                      type="button"
                      onClick={() => {
                        const first = schedules[0] ? { schedule: schedules[0].id } : { person: people[0]?.id ?? '' };
                        setLevel(i, { ...level, targets: [...level.targets, first] });
                      }}
                    >
                      Add target
                    </button>
                    <TextField
                      label="Escalate after (minutes)"
                      path={`/levels/${i}/escalateAfterMinutes`}
                      type="number"
                      min={1}
                      value={String(level.escalateAfterMinutes)}
                      onChange={(m) => setLevel(i, { ...level, escalateAfterMinutes: Number(m) })}
                    />
                    <button type="button" className="danger-quiet" onClick={() => set({ levels: chain.levels.filter((_, j) => j !== i) })}>
                      Remove level {i + 1}
                    </button>
                  </div>
                </fieldset>
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => set({ levels: [...chain.levels, { targets: [], escalateAfterMinutes: 15 }] })}>
            Add level
          </button>
        </fieldset>
      </ProblemContext.Provider>
      <div className="form-actions">
        {!readOnly && (
          <button type="submit" className="primary" disabled={save.busy}>
            Save chain
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {!isNew && <PagedNow id={initial.id} tick={resolveTick} />}
    </form>
  );
}

/** "Who would be paged now": the saved chain resolved at this moment. */
function PagedNow({ id, tick }: { id: string; tick: number }) {
  const resolved = useData(() => api.get<ResolvedChain>(`/escalation-chains/${enc(id)}/resolve`, { at: new Date().toISOString() }), [id, tick]);
  return (
    <section className="paged-now" aria-labelledby="paged-now-title">
      <h3 id="paged-now-title">Who would be paged now</h3>
      <ProblemSummary problem={resolved.problem} />
      <ol className="plain-list">
        {resolved.data?.levels.map((l) => (
          <li key={l.level} className="list-item">
            <span>
              <strong>Level {l.level}</strong> <span className="muted">at +{l.startsAfterMinutes} min</span>
            </span>
            <span>
              {l.targets.map((t, k) => (
                <span key={k} className="target">
                  <PersonName person={t.person} />
                  {t.schedule && <span className="muted small"> via {t.schedule}</span>}
                  {t.source === 'gap' && <span className="badge badge-bad">gap</span>}
                </span>
              ))}
            </span>
          </li>
        ))}
      </ol>
      {resolved.data && (
        <p className="muted small">
          Then {resolved.data.repeat ? `repeats ${resolved.data.repeat}×` : 'stops'}. Resolved at {formatInstant(resolved.data.at, 'UTC')} UTC.
        </p>
      )}
    </section>
  );
}
