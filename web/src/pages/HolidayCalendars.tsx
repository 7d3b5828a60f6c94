import { useState, type FormEvent } from 'react';
import { DeleteButton } from '../components/DeleteButton';
import { Field, ProblemContext, ProblemSummary, TextField } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { api, enc } from '../lib/api';
import { useAuth } from '../lib/auth';
import { useCalendars } from '../lib/resources';
import type { HolidayCalendar, HolidayDate, HolidayRegion } from '../lib/types';
import { useAction } from '../lib/useAction';
import { useData } from '../lib/useData';

const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'];
const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: 8 }, (_, i) => THIS_YEAR - 1 + i);
const EMPTY: HolidayCalendar = { id: '', name: '', region: '', types: ['public'], include: [], exclude: [] };

export function HolidayCalendars() {
  const { canEdit } = useAuth();
  const calendars = useCalendars();
  const [editing, setEditing] = useState<{ calendar: HolidayCalendar; isNew: boolean } | null>(null);
  const remove = useAction(async (id: string) => {
    await api.del(`/holiday-calendars/${enc(id)}`);
    if (editing?.calendar.id === id) setEditing(null);
    calendars.reload();
  });
  return (
    <>
      <PageHeader title="Holiday calendars">
        {canEdit && (
          <button type="button" className="primary" onClick={() => setEditing({ calendar: EMPTY, isNew: true })}>
            New calendar
          </button>
        )}
      </PageHeader>
      <ProblemSummary problem={calendars.problem ?? remove.problem} />
      <div className="master-detail">
        <section className="card" aria-label="Calendars">
          {calendars.data?.length === 0 && <p className="empty">No holiday calendars yet.</p>}
          <ul className="plain-list">
            {calendars.data?.map((c) => (
              <li key={c.id} className="list-item">
                <div>
                  <strong>{c.name}</strong> <code>{c.id}</code>
                  <div className="muted small">{c.region || 'no region'} · {(c.types ?? ['public']).join(', ')}</div>
                </div>
                <span className="row-actions">
                  <button type="button" onClick={() => setEditing({ calendar: { ...EMPTY, ...c }, isNew: false })} aria-label={`${canEdit ? 'Edit' : 'View'} ${c.name}`}>
                    {canEdit ? 'Edit' : 'View'}
                  </button>
                  {canEdit && <DeleteButton what={c.name} onDelete={() => void remove.run(c.id)} />}
                </span>
              </li>
            ))}
          </ul>
        </section>
        {editing && (
          <CalendarForm
            key={editing.isNew ? 'new' : editing.calendar.id}
            initial={editing.calendar}
            isNew={editing.isNew}
            readOnly={!canEdit}
            onSaved={(c) => {
              setEditing({ calendar: c, isNew: false });
              calendars.reload();
            }}
            onClose={() => setEditing(null)}
          />
        )}
      </div>
    </>
  );
}

function toBody(c: HolidayCalendar): Omit<HolidayCalendar, 'id'> {
  return {
    name: c.name,
    ...(c.region ? { region: c.region } : {}),
    types: c.types?.length ? c.types : ['public'],
    include: (c.include ?? []).filter((d) => d.date),
    exclude: (c.exclude ?? []).filter(Boolean),
  };
}

function CalendarForm({ initial, isNew, readOnly, onSaved, onClose }: {
  initial: HolidayCalendar;
  isNew: boolean;
  readOnly: boolean;
  onSaved: (c: HolidayCalendar) => void;
  onClose: () => void;
}) {
  const [cal, setCal] = useState(initial);
  const set = (patch: Partial<HolidayCalendar>) => setCal((c) => ({ ...c, ...patch }));
  const include = cal.include ?? [];
  const exclude = cal.exclude ?? [];
  const save = useAction(async () => {
    const saved = await api.put<HolidayCalendar>(`/holiday-calendars/${enc(cal.id)}`, toBody(cal));
    onSaved({ ...EMPTY, ...saved, id: cal.id });
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  return (
    <form className="card" onSubmit={submit} aria-label={isNew ? 'New calendar' : `Calendar ${initial.name}`}>
      <h2>{isNew ? 'New holiday calendar' : initial.name}</h2>
      <ProblemContext.Provider value={save.problem}>
        <ProblemSummary problem={save.problem} />
        <fieldset disabled={readOnly} className="plain">
          <div className="form-grid">
            <TextField label="Id" path="/id" required readOnly={!isNew} spellCheck={false} value={cal.id} onChange={(id) => set({ id })} />
            <TextField label="Name" path="/name" required value={cal.name} onChange={(name) => set({ name })} />
            <RegionPicker value={cal.region ?? ''} onChange={(region) => set({ region })} />
          </div>
          <Field label="Holiday types" path="/types" nested>
            {(control) => (
              <div className="checks" id={control.id} role="group" aria-describedby={control['aria-describedby']}>
                {HOLIDAY_TYPES.map((t) => (
                  <label key={t} className="check">
                    <input
                      type="checkbox"
                      checked={(cal.types ?? []).includes(t)}
                      onChange={(e) => set({ types: e.target.checked ? [...(cal.types ?? []), t] : (cal.types ?? []).filter((x) => x !== t) })}
                    />
                    {t}
                  </label>
                ))}
              </div>
            )}
          </Field>
          <div className="two-col">
            <fieldset>
              <legend>Extra dates (include)</legend>
              <ul className="entries">
                {include.map((d, i) => (
                  <li key={i} className="entry">
                    <TextField label="Date" type="date" path={`/include/${i}/date`} value={d.date} onChange={(date) => set({ include: include.map((x, j) => (j === i ? { ...x, date } : x)) })} />
                    <TextField label="Holiday name" path={`/include/${i}/name`} value={d.name} onChange={(name) => set({ include: include.map((x, j) => (j === i ? { ...x, name } : x)) })} />
                    <button type="button" className="danger-quiet" onClick={() => set({ include: include.filter((_, j) => j !== i) })} aria-label={`Remove extra date ${i + 1}`}>
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
              <button type="button" onClick={() => set({ include: [...include, { date: '', name: '' }] })}>
                Add extra date
              </button>
            </fieldset>
            <fieldset>
              <legend>Removed dates (exclude)</legend>
              <ul className="entries">
                {exclude.map((d, i) => (
                  <li key={i} className="entry">
                    <TextField label="Date" type="date" path={`/exclude/${i}`} value={d} onChange={(date) => set({ exclude: exclude.map((x, j) => (j === i ? date : x)) })} />
                    <button type="button" className="danger-quiet" onClick={() => set({ exclude: exclude.filter((_, j) => j !== i) })} aria-label={`Remove excluded date ${i + 1}`}>
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
              <button type="button" onClick={() => set({ exclude: [...exclude, ''] })}>
                Add removed date
              </button>
            </fieldset>
          </div>
        </fieldset>
      </ProblemContext.Provider>
      <div className="form-actions">
        {!readOnly && (
          <button type="submit" className="primary" disabled={save.busy}>
            Save calendar
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {!isNew && <YearDates id={initial.id} onExclude={readOnly ? undefined : (date) => set({ exclude: [...exclude, date] })} />}
    </form>
  );
}

function RegionPicker({ value, onChange }: { value: string; onChange: (region: string) => void }) {
  const regions = useData(() => api.list<HolidayRegion>('/holiday-regions'), []);
  const country = value.split('-')[0] ?? '';
  const subdivisions = regions.data?.find((r) => r.code === country)?.subdivisions ?? [];
  return (
    <>
      <Field label="Country" path="/region">
        {(control) => (
          <select {...control} value={country} onChange={(e) => onChange(e.target.value)}>
            <option value="">No region (only extra dates)</option>
            {regions.data?.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name} ({r.code})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="State / region">
        {(control) => (
          <select {...control} value={value.includes('-') ? value : ''} disabled={!subdivisions.length} onChange={(e) => onChange(e.target.value || country)}>
            <option value="">Whole country</option>
            {subdivisions.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

function YearDates({ id, onExclude }: { id: string; onExclude?: (date: string) => void }) {
  const [year, setYear] = useState(THIS_YEAR + 1);
  const dates = useData(() => api.get<{ dates: HolidayDate[] }>(`/holiday-calendars/${enc(id)}/dates`, { year }), [id, year]);
  return (
    <section className="year-dates" aria-labelledby="year-dates-title">
      <div className="row spread">
        <h3 id="year-dates-title">Saved holiday dates in {year}</h3>
        <Field label="Year" className="narrow">
          {(control) => (
            <select {...control} value={year} onChange={(e) => setYear(Number(e.target.value))}>
              {YEARS.map((y) => (
                <option key={y}>{y}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <ProblemSummary problem={dates.problem} />
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Holiday</th>
            <th scope="col">Source</th>
            {onExclude && <th scope="col"><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {dates.data?.dates.map((d) => (
            <tr key={d.date + d.name}>
              <td>{new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.parse(d.date))}</td>
              <td>{d.name}</td>
              <td>{d.source}</td>
              {onExclude && (
                <td>
                  <button type="button" className="link" onClick={() => onExclude(d.date)} aria-label={`Exclude ${d.name} ${d.date}`}>
                    Exclude
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
