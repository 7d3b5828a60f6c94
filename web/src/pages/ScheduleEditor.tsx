import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { DocumentJson } from '../components/editor/DocumentJson';
import { LayerEditor } from '../components/editor/LayerEditor';
import { LivePreview, useLivePreview } from '../components/editor/LivePreview';
import { Field, ProblemScope, ProblemSummary, TextField, TouchContext } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { PersonSelect } from '../components/PersonSelect';
import { TimeZoneField } from '../components/TimeZoneField';
import { api, asProblem, enc } from '../lib/api';
import { nameOf, useCalendars, usePeople } from '../lib/resources';
import { href, navigate, useLeaveGuard } from '../lib/router';
import { newLayer } from '../lib/rotations';
import { scheduleProblems, standingErrors, type Verdict } from '../lib/scheduleChecks';
import { isValidZone, newSchedule, toScheduleBody } from '../lib/scheduleDoc';
import { renamed } from '../lib/slug';
import { formatRange } from '../lib/time';
import type { FieldError, HolidayCalendar, Interval, Person, Problem, Schedule } from '../lib/types';
import { useAction } from '../lib/useAction';
import { useData } from '../lib/useData';
import { holidayCalendarsOf } from '../lib/useHolidays';
import { useTimelineWindow } from '../lib/useTimelineWindow';

export function ScheduleEditor({ id }: { id?: string }) {
  const existing = useData(() => (id ? api.get<Schedule>(`/schedules/${enc(id)}`) : Promise.resolve(newSchedule())), [id]);
  const people = usePeople();
  const calendars = useCalendars();
  const problem = existing.problem ?? people.problem ?? calendars.problem;
  if (problem) return <ProblemSummary problem={problem} />;
  if (!existing.data || !people.data || !calendars.data) return <p className="loading">Loading…</p>;
  return <ScheduleForm initial={existing.data} isNew={!id} people={people.data} calendars={calendars.data} />;
}

/** The document as loaded, the baseline of "unsaved changes". */
const bodyJsonOf = (doc: Schedule) => JSON.stringify(toScheduleBody(doc));

function ScheduleForm({ initial, isNew, people, calendars }: { initial: Schedule; isNew: boolean; people: Person[]; calendars: HolidayCalendar[] }) {
  const [doc, setDoc] = useState<Schedule>(initial);
  const zone = isValidZone(doc.timeZone) ? doc.timeZone : 'UTC';
  const win = useTimelineWindow(zone);
  const body = useMemo(() => toScheduleBody(doc), [doc]);
  const bodyJson = JSON.stringify(body);
  const local = useMemo(() => scheduleProblems(body), [body]);
  const live = useLivePreview(body, local.length === 0, win);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [saveTried, setSaveTried] = useState(false);
  const [saveVerdict, setSaveVerdict] = useState<Verdict | null>(null);
  const [showPreview, setShowPreview] = useState(false);

  // What was last saved (or loaded): leaving with anything else asks first.
  const saved = useRef(bodyJsonOf(initial));
  useLeaveGuard(() => bodyJson !== saved.current);

  const save = useAction(async () => {
    setSaveTried(true);
    if (local.length) return;
    try {
      await (isNew ? api.create : api.put)<Schedule>(`/schedules/${enc(doc.id)}`, body);
      saved.current = bodyJson;
      navigate('schedules', doc.id);
    } catch (error) {
      const problem = asProblem(error);
      setSaveVerdict({ problem, judged: body });
      if (problem.gaps?.length) win.goTo(Date.parse(problem.gaps[0]!.start));
    }
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };

  const set = (patch: Partial<Schedule>) => setDoc((d) => ({ ...d, ...patch }));
  const setLayers = (layers: Schedule['layers']) => set({ layers });
  const moveLayer = (i: number, delta: number) => {
    const layers = [...doc.layers];
    const [layer] = layers.splice(i, 1);
    layers.splice(i + delta, 0, layer!);
    setLayers(layers);
  };
  const touch = useCallback((path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path))), []);

  // The refusal of the last save stands only while the document is the one refused.
  const refused = saveVerdict && JSON.stringify(saveVerdict.judged) === bodyJson ? saveVerdict.problem : null;
  const refusedGaps = refused?.gaps ?? [];
  const shownLocal = saveTried ? local : local.filter((e) => [...touched].some((t) => e.path === t || e.path.startsWith(`${t}/`)));
  const fieldErrors = uniqueErrors([...shownLocal, ...standingErrors(saveVerdict, body), ...standingErrors(live.verdict, body)]);
  const fieldProblem: Problem | null = fieldErrors.length ? { title: 'Invalid input', status: 400, errors: fieldErrors } : null;
  const refusal = refused ?? (saveTried && local.length ? { title: 'Not saved', status: 400 } : null);
  const names = (pid: string) => nameOf(people, pid);

  return (
    <form onSubmit={onSubmit} className="schedule-editor" aria-label={isNew ? 'New schedule' : `Edit ${initial.name}`} noValidate>
      <PageHeader title={isNew ? 'New schedule' : `Edit ${initial.name}`}>
        {/* Cancel is the explicit "discard": it leaves without asking. */}
        <a className="button" href={isNew ? '#/' : href('schedules', initial.id)} onClick={() => (saved.current = bodyJson)}>
          Cancel
        </a>
        <button type="submit" className="primary" disabled={save.busy}>
          {save.busy ? 'Saving…' : 'Save schedule'}
        </button>
      </PageHeader>
      <TouchContext.Provider value={touch}>
        <ProblemScope
          problem={fieldProblem}
          refusal={refusal && { ...refusal, detail: refusedGaps.length ? `Nobody would be on call at these times (${zone}):` : refusal.detail }}
          title={refusedGaps.length ? 'Not saved: the schedule would leave gaps' : 'Not saved'}
          notes={refusedGaps.length > 0 && <RefusedGaps gaps={refusedGaps} zone={zone} />}
        >
          <button type="button" className="preview-toggle" aria-expanded={showPreview} aria-controls="schedule-preview" onClick={() => setShowPreview((v) => !v)}>
            {showPreview ? 'Hide preview' : 'Show preview'}
          </button>
          <div className="editor-columns">
            <div className="editor-form">
              <section className="card form-grid" aria-label="Schedule">
                <TextField label="Name" path="/name" required value={doc.name} onChange={(name) => setDoc((d) => renamed(d, name, isNew))} />
                <TextField
                  label="Id"
                  path="/id"
                  required
                  readOnly={!isNew}
                  spellCheck={false}
                  hint={isNew ? 'Suggested from the name; lower-case letters, digits and dashes' : 'Lower-case letters, digits and dashes'}
                  value={doc.id}
                  onChange={(id) => set({ id })}
                />
                <TimeZoneField path="/timeZone" value={doc.timeZone} onChange={(timeZone) => set({ timeZone })} required />
                <PersonSelect label="Fallback person" path="/fallback" people={people} value={doc.fallback ?? ''} noneLabel="No fallback" onChange={(fallback) => set({ fallback })} />
                <Field label="Require coverage" path="/requireCoverage" hint="Refuse saves that leave a gap in the next 365 days">
                  {(control) => (
                    <input
                      {...control}
                      type="checkbox"
                      role="switch"
                      className="switch"
                      checked={doc.requireCoverage ?? true}
                      onChange={(e) => set({ requireCoverage: e.target.checked })}
                    />
                  )}
                </Field>
              </section>

              <h2 className="section-title">Layers <span className="muted small">— a later layer wins over an earlier one where both are active</span></h2>
              {doc.layers.map((layer, i) => (
                <LayerEditor
                  key={i}
                  index={i}
                  count={doc.layers.length}
                  layer={layer}
                  zone={zone}
                  people={people}
                  calendars={calendars}
                  onChange={(l) => setLayers(doc.layers.map((x, j) => (j === i ? l : x)))}
                  onMove={(delta) => moveLayer(i, delta)}
                  onRemove={() => setLayers(doc.layers.filter((_, j) => j !== i))}
                />
              ))}
              <button type="button" onClick={() => setLayers([...doc.layers, newLayer(doc.layers, zone)])}>
                Add layer
              </button>
              <DocumentJson key={bodyJson} body={body} onApply={(d) => set({ ...d, id: isNew ? d.id : initial.id })} />
            </div>
            <LivePreview id="schedule-preview" state={live} ready={local.length === 0} win={win} zone={zone} names={names} refusedGaps={refusedGaps} holidayCalendars={holidayCalendarsOf(doc)} hidden={!showPreview} />
          </div>
        </ProblemScope>
      </TouchContext.Provider>
    </form>
  );
}

/** Each message once, however many checks found it. */
function uniqueErrors(errors: FieldError[]): FieldError[] {
  return errors.filter((e, i) => errors.findIndex((x) => x.path === e.path && x.message === e.message) === i);
}

/** The gaps a coverage refusal (409) listed, in the schedule's local time. */
function RefusedGaps({ gaps, zone }: { gaps: Interval[]; zone: string }) {
  return (
    <ul className="gap-list" aria-label="Gaps that blocked saving">
      {gaps.map((g) => (
        <li key={g.start}>{formatRange(g.start, g.end, zone)}</li>
      ))}
    </ul>
  );
}
