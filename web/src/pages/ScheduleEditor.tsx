import { useEffect, useMemo, useState } from 'react';
import { ConflictList } from '../components/ConflictList';
import { DocumentJson } from '../components/editor/DocumentJson';
import { LayerEditor } from '../components/editor/LayerEditor';
import { Field, ProblemContext, ProblemSummary, TextField, withoutPathPrefix } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { PersonSelect } from '../components/PersonSelect';
import { Timeline, timelineRows } from '../components/Timeline';
import { TimelineNav } from '../components/TimelineNav';
import { TimeZoneField } from '../components/TimeZoneField';
import { api, asProblem, enc } from '../lib/api';
import { nameOf, useCalendars, usePeople } from '../lib/resources';
import { href, navigate } from '../lib/router';
import { isValidZone, newLayer, newSchedule, toScheduleBody } from '../lib/scheduleDoc';
import { formatRange } from '../lib/time';
import type { Coverage, HolidayCalendar, Interval, Person, Problem, Schedule, Timeline as TimelineData } from '../lib/types';
import { useFormAction } from '../lib/useAction';
import { useData } from '../lib/useData';
import { holidayCalendarsOf } from '../lib/useHolidays';
import { useTimelineWindow } from '../lib/useTimelineWindow';

const PREVIEW_DELAY_MS = 500;

export function ScheduleEditor({ id }: { id?: string }) {
  const existing = useData(() => (id ? api.get<Schedule>(`/schedules/${enc(id)}`) : Promise.resolve(newSchedule())), [id]);
  const people = usePeople();
  const calendars = useCalendars();
  const problem = existing.problem ?? people.problem ?? calendars.problem;
  if (problem) return <ProblemSummary problem={problem} />;
  if (!existing.data || !people.data || !calendars.data) return <p className="loading">Loading…</p>;
  return <ScheduleForm initial={existing.data} isNew={!id} people={people.data} calendars={calendars.data} />;
}

type PreviewResult = TimelineData & { coverage: Coverage };

function ScheduleForm({ initial, isNew, people, calendars }: { initial: Schedule; isNew: boolean; people: Person[]; calendars: HolidayCalendar[] }) {
  const [doc, setDoc] = useState<Schedule>(initial);
  const zone = isValidZone(doc.timeZone) ? doc.timeZone : 'UTC';
  const win = useTimelineWindow(zone);
  const body = useMemo(() => toScheduleBody(doc), [doc]);
  const bodyJson = JSON.stringify(body);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [previewProblem, setPreviewProblem] = useState<Problem | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [refusedGaps, setRefusedGaps] = useState<Interval[]>([]);

  useEffect(() => {
    let live = true;
    setPreviewing(true);
    const timer = setTimeout(() => {
      api
        .post<PreviewResult>('/schedules/preview', { schedule: JSON.parse(bodyJson), from: new Date(win.start).toISOString(), to: new Date(win.end).toISOString() })
        .then(
          (result) => {
            if (!live) return;
            setPreview(result);
            setPreviewProblem(null);
          },
          // The preview body wraps the document in { schedule }: point its errors at the form's fields.
          (error: unknown) => live && setPreviewProblem(withoutPathPrefix(asProblem(error), '/schedule')),
        )
        .finally(() => live && setPreviewing(false));
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bodyJson, win.start, win.end]);

  const save = useFormAction(async () => {
    try {
      await (isNew ? api.create : api.put)<Schedule>(`/schedules/${enc(doc.id)}`, body);
      navigate('schedules', doc.id);
    } catch (error) {
      const gaps = asProblem(error).gaps;
      if (gaps?.length) {
        setRefusedGaps(gaps);
        win.goTo(Date.parse(gaps[0]!.start));
      }
      throw error;
    }
  });

  const set = (patch: Partial<Schedule>) => {
    setDoc((d) => ({ ...d, ...patch }));
    setRefusedGaps([]);
  };
  const setLayers = (layers: Schedule['layers']) => set({ layers });
  const moveLayer = (i: number, delta: number) => {
    const layers = [...doc.layers];
    const [layer] = layers.splice(i, 1);
    layers.splice(i + delta, 0, layer!);
    setLayers(layers);
  };

  // Save errors win; otherwise the live preview's validation errors point at the fields too.
  const fieldProblem = save.problem ?? (previewProblem?.status === 400 ? previewProblem : null);
  const names = (pid: string) => nameOf(people, pid);

  return (
    <form onSubmit={save.onSubmit} className="schedule-editor" aria-label={isNew ? 'New schedule' : `Edit ${initial.name}`} noValidate>
      <PageHeader title={isNew ? 'New schedule' : `Edit ${initial.name}`}>
        <a className="button" href={isNew ? '#/' : href('schedules', initial.id)}>
          Cancel
        </a>
        <button type="submit" className="primary" disabled={save.busy}>
          {save.busy ? 'Saving…' : 'Save schedule'}
        </button>
      </PageHeader>
      <ProblemContext.Provider value={fieldProblem}>
        <ProblemSummary problem={save.problem} title={save.problem?.status === 409 ? 'Not saved: the schedule would leave gaps' : undefined} />
        <section className="card form-grid" aria-label="Schedule">
          <TextField
            label="Id"
            path="/id"
            required
            readOnly={!isNew}
            spellCheck={false}
            hint="Lower-case letters, digits and dashes"
            value={doc.id}
            onChange={(id) => set({ id })}
          />
          <TextField label="Name" path="/name" required value={doc.name} onChange={(name) => set({ name })} />
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
        <button type="button" onClick={() => setLayers([...doc.layers, newLayer(doc.layers.length, zone)])}>
          Add layer
        </button>
      </ProblemContext.Provider>

      <section className="card preview" aria-labelledby="preview-title">
        <h2 id="preview-title">
          Live preview <span className="muted small" role="status">{previewing ? 'updating…' : 'from the unsaved form'}</span>
        </h2>
        {previewProblem && previewProblem.status !== 400 && <ProblemSummary problem={previewProblem} />}
        {previewProblem?.status === 400 && <p className="muted">Fix the fields marked in red to see the preview.</p>}
        <TimelineNav window={win} zone={zone} />
        <Timeline
          zone={zone}
          start={win.start}
          end={win.end}
          rows={timelineRows(preview?.shifts ?? [], preview?.layers)}
          names={names}
          refusedGaps={refusedGaps}
          holidayCalendars={holidayCalendarsOf(doc)}
        />
        {refusedGaps.length > 0 && (
          <ul className="gap-list" aria-label="Gaps that blocked saving">
            {refusedGaps.map((g) => (
              <li key={g.start}>Nobody on call {formatRange(g.start, g.end, zone)}</li>
            ))}
          </ul>
        )}
        {preview && preview.coverage.gaps.length > 0 && !refusedGaps.length && (
          <p className="banner-gap">
            {preview.coverage.gaps.length} gap{preview.coverage.gaps.length > 1 ? 's' : ''} in this window.
          </p>
        )}
        {preview && <ConflictList conflicts={preview.coverage.conflicts} zone={zone} names={names} />}
      </section>
      <DocumentJson key={bodyJson} body={body} onApply={(d) => set({ ...d, id: isNew ? d.id : initial.id })} />
    </form>
  );
}
