import { useState } from 'react';
import { Field, ProblemScope, ProblemSummary, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { MasterDetailPage, type DetailEditorProps } from '../components/MasterDetailPage';
import { api, enc } from '../lib/api';
import { useCalendars } from '../lib/resources';
import { renamed } from '../lib/slug';
import type { HolidayCalendar, HolidayDate, HolidayRegion } from '../lib/types';
import { formatCalendarDate } from '../lib/time';
import { useFormAction } from '../lib/useAction';
import { useData } from '../lib/useData';

const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'];
const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: 8 }, (_, i) => THIS_YEAR - 1 + i);
const EMPTY: HolidayCalendar = { id: '', name: '', region: '', types: ['public'], include: [], exclude: [] };

export function HolidayCalendars() {
  const calendars = useCalendars();
  return (
    <MasterDetailPage
      title="Holiday calendars"
      newLabel="New calendar"
      listLabel="Calendars"
      emptyText="No holiday calendars yet."
      items={calendars}
      collection="/holiday-calendars"
      blank={EMPTY}
      toDraft={(c) => ({ ...EMPTY, ...c })}
      summary={(c) => `${c.region || 'no region'} · ${(c.types ?? ['public']).join(', ')}`}
      editor={(props) => <CalendarForm {...props} />}
    />
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

function CalendarForm({ initial, isNew, readOnly, onSaved, onClose }: DetailEditorProps<HolidayCalendar>) {
  const [cal, setCal] = useState(initial);
  const set = (patch: Partial<HolidayCalendar>) => setCal((c) => ({ ...c, ...patch }));
  const include = cal.include ?? [];
  const exclude = cal.exclude ?? [];
  const save = useFormAction(async () => {
    const saved = await (isNew ? api.create : api.put)<HolidayCalendar>(`/holiday-calendars/${enc(cal.id)}`, toBody(cal));
    onSaved({ ...EMPTY, ...saved, id: cal.id });
  });
  return (
    <form className="card" onSubmit={save.onSubmit} aria-label={isNew ? 'New calendar' : `Calendar ${initial.name}`}>
      <h2>{isNew ? 'New holiday calendar' : initial.name}</h2>
      <ProblemScope problem={save.problem}>
        <fieldset disabled={readOnly} className="plain">
          <div className="form-grid">
            <TextField label="Name" path="/name" required value={cal.name} onChange={(name) => setCal((c) => renamed(c, name, isNew))} />
            <TextField label="Id" path="/id" required readOnly={!isNew} spellCheck={false} hint={isNew ? 'Suggested from the name' : undefined} value={cal.id} onChange={(id) => set({ id })} />
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
                    {!readOnly && (
                      <button type="button" className="danger-quiet" onClick={() => set({ include: include.filter((_, j) => j !== i) })} aria-label={`Remove extra date ${i + 1}`}>
                        Remove
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              {readOnly ? (
                include.length === 0 && <p className="muted small">None.</p>
              ) : (
                <button type="button" onClick={() => set({ include: [...include, { date: '', name: '' }] })}>
                  Add extra date
                </button>
              )}
            </fieldset>
            <fieldset>
              <legend>Removed dates (exclude)</legend>
              <ul className="entries">
                {exclude.map((d, i) => (
                  <li key={i} className="entry">
                    <TextField label="Date" type="date" path={`/exclude/${i}`} value={d} onChange={(date) => set({ exclude: exclude.map((x, j) => (j === i ? date : x)) })} />
                    {!readOnly && (
                      <button type="button" className="danger-quiet" onClick={() => set({ exclude: exclude.filter((_, j) => j !== i) })} aria-label={`Remove excluded date ${i + 1}`}>
                        Remove
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              {readOnly ? (
                exclude.length === 0 && <p className="muted small">None.</p>
              ) : (
                <button type="button" onClick={() => set({ exclude: [...exclude, ''] })}>
                  Add removed date
                </button>
              )}
            </fieldset>
          </div>
        </fieldset>
      </ProblemScope>
      <FormActions submit={readOnly ? null : 'Save calendar'} busy={save.busy} onCancel={onClose} cancelLabel="Close" />
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
              <td>{formatCalendarDate(d.date)}</td>
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
