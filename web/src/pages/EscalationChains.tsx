import { useState } from 'react';
import { Field, ProblemScope, ProblemSummary, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { MasterDetailPage, type DetailEditorProps } from '../components/MasterDetailPage';
import { PersonName } from '../components/PersonName';
import { parseSubject, subjectKey, SubjectOptions } from '../components/SubjectOptions';
import { api, enc } from '../lib/api';
import { nameIn, useChains, usePeople, useSchedules } from '../lib/resources';
import type { EscalationChain, EscalationLevel, Person, ResolvedChain, Schedule } from '../lib/types';
import { formatInstant } from '../lib/time';
import { useFormAction } from '../lib/useAction';
import { useData } from '../lib/useData';

const EMPTY: EscalationChain = { id: '', name: '', repeat: 0, levels: [{ targets: [], escalateAfterMinutes: 15 }] };

export function EscalationChains() {
  const chains = useChains();
  const people = usePeople();
  const schedules = useSchedules();
  return (
    <MasterDetailPage
      title="Escalation chains"
      newLabel="New chain"
      listLabel="Chains"
      emptyText="No escalation chains yet."
      items={chains}
      collection="/escalation-chains"
      blank={EMPTY}
      summary={(c) => (
        <>
          {c.levels.length} level{c.levels.length === 1 ? '' : 's'}
          {c.repeat ? `, repeats ${c.repeat}×` : ''}
        </>
      )}
      editor={(props) => people.data && schedules.data && <ChainForm {...props} people={people.data} schedules={schedules.data} />}
    />
  );
}

function ChainForm({ initial, isNew, readOnly, people, schedules, onSaved, onClose }: DetailEditorProps<EscalationChain> & {
  people: Person[];
  schedules: Schedule[];
}) {
  const [chain, setChain] = useState(initial);
  const set = (patch: Partial<EscalationChain>) => setChain((c) => ({ ...c, ...patch }));
  const setLevel = (i: number, level: EscalationLevel) => set({ levels: chain.levels.map((l, j) => (j === i ? level : l)) });
  const [resolveTick, setResolveTick] = useState(0);
  const save = useFormAction(async () => {
    const { id, ...body } = chain;
    await (isNew ? api.create : api.put)(`/escalation-chains/${enc(id)}`, body);
    setResolveTick((t) => t + 1);
    onSaved(chain);
  });
  return (
    <form className="card" onSubmit={save.onSubmit} aria-label={isNew ? 'New chain' : `Chain ${initial.name}`}>
      <h2>{isNew ? 'New escalation chain' : initial.name}</h2>
      <ProblemScope problem={save.problem}>
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
                              value={subjectKey(t)}
                              onChange={(e) => setLevel(i, { ...level, targets: level.targets.map((x, j) => (j === k ? parseSubject(e.target.value) : x)) })}
                            >
                              <SubjectOptions schedules={schedules} people={people} schedulesLabel="Schedules (whoever is on call)" peopleLabel="People" />
                            </select>
                          )}
                        </Field>
                        {!readOnly && (
                          <button type="button" className="danger-quiet" onClick={() => setLevel(i, { ...level, targets: level.targets.filter((_, j) => j !== k) })} aria-label={`Remove target ${k + 1} of level ${i + 1}`}>
                            Remove
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                  <div className="row">
                    {!readOnly && (
                      <button
                        type="button"
                        onClick={() => {
                          const first = schedules[0] ? { schedule: schedules[0].id } : { person: people[0]?.id ?? '' };
                          setLevel(i, { ...level, targets: [...level.targets, first] });
                        }}
                      >
                        Add target
                      </button>
                    )}
                    <TextField
                      label="Escalate after (minutes)"
                      path={`/levels/${i}/escalateAfterMinutes`}
                      type="number"
                      min={1}
                      value={String(level.escalateAfterMinutes)}
                      onChange={(m) => setLevel(i, { ...level, escalateAfterMinutes: Number(m) })}
                    />
                    {!readOnly && (
                      <button type="button" className="danger-quiet" onClick={() => set({ levels: chain.levels.filter((_, j) => j !== i) })}>
                        Remove level {i + 1}
                      </button>
                    )}
                  </div>
                </fieldset>
              </li>
            ))}
          </ol>
          {!readOnly && (
            <button type="button" onClick={() => set({ levels: [...chain.levels, { targets: [], escalateAfterMinutes: 15 }] })}>
              Add level
            </button>
          )}
        </fieldset>
      </ProblemScope>
      <FormActions submit={readOnly ? null : 'Save chain'} busy={save.busy} onCancel={onClose} cancelLabel="Close" />
      {!isNew && <PagedNow id={initial.id} tick={resolveTick} schedules={schedules} />}
    </form>
  );
}

/** "Who would be paged now": the saved chain resolved at this moment. */
function PagedNow({ id, tick, schedules }: { id: string; tick: number; schedules: Schedule[] }) {
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
                  {t.schedule && <span className="muted small"> via {nameIn(schedules, t.schedule)}</span>}
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
