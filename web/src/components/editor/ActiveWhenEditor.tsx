import type { ReactNode } from 'react';
import { WEEKDAYS, type ActiveWhen, type HolidayCalendar, type Weekday, type WeeklySpan } from '../../lib/types';
import { Field, TextField } from '../Field';

const TIME_PATTERN = '([01][0-9]|2[0-3]):[0-5][0-9]|24:00';

function TimeField({ label, path, value, onChange }: { label: string; path: string; value: string; onChange: (v: string) => void }) {
  return (
    <TextField
      label={label}
      path={path}
      className="narrow"
      placeholder="HH:mm"
      pattern={TIME_PATTERN}
      inputMode="numeric"
      value={value}
      onChange={onChange}
    />
  );
}

/** "FR 17:00" ⇄ day + time. */
function splitDayTime(value: string): [Weekday, string] {
  const [day, time] = value.split(' ');
  return [(WEEKDAYS.includes(day as Weekday) ? day : 'MO') as Weekday, time ?? '00:00'];
}

function DayTimeField({ label, path, value, onChange }: { label: string; path: string; value: string; onChange: (v: string) => void }) {
  const [day, time] = splitDayTime(value);
  return (
    <div className="day-time">
      <Field label={`${label} day`} path={path}>
        {(control) => (
          <select {...control} value={day} onChange={(e) => onChange(`${e.target.value} ${time}`)}>
            {WEEKDAYS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        label={`${label} time`}
        className="narrow"
        placeholder="HH:mm"
        pattern={TIME_PATTERN}
        value={time}
        onChange={(t) => onChange(`${day} ${t}`)}
      />
    </div>
  );
}

function Entry({ children, onRemove, what }: { children: ReactNode; onRemove: () => void; what: string }) {
  return (
    <li className="entry">
      {children}
      <button type="button" className="danger-quiet" onClick={onRemove} aria-label={`Remove ${what}`}>
        Remove
      </button>
    </li>
  );
}

function WeeklyEntry({ path, span, onChange }: { path: string; span: WeeklySpan; onChange: (s: WeeklySpan) => void }) {
  if (!span.days)
    return (
      <>
        <DayTimeField label="From" path={`${path}/from`} value={span.from} onChange={(from) => onChange({ ...span, from })} />
        <span className="arrow" aria-hidden="true">→</span>
        <DayTimeField label="To" path={`${path}/to`} value={span.to} onChange={(to) => onChange({ ...span, to })} />
      </>
    );
  const days = span.days;
  return (
    <>
      <fieldset className="days">
        <legend>Days</legend>
        {WEEKDAYS.map((d) => (
          <label key={d} className="check">
            <input
              type="checkbox"
              checked={days.includes(d)}
              onChange={(e) => onChange({ ...span, days: e.target.checked ? WEEKDAYS.filter((w) => w === d || days.includes(w)) : days.filter((w) => w !== d) })}
            />
            {d}
          </label>
        ))}
      </fieldset>
      <TimeField label="From" path={`${path}/from`} value={span.from} onChange={(from) => onChange({ ...span, from })} />
      <TimeField label="To" path={`${path}/to`} value={span.to} onChange={(to) => onChange({ ...span, to })} />
    </>
  );
}

/** When a layer is active: the union of weekly spans, holiday calendars and date ranges. */
export function ActiveWhenEditor({ path, value, calendars, onChange }: {
  path: string;
  value: ActiveWhen | undefined;
  calendars: HolidayCalendar[];
  onChange: (a: ActiveWhen) => void;
}) {
  const a = value ?? {};
  const weekly = a.weekly ?? [];
  const holidays = a.holidays ?? [];
  const dates = a.dates ?? [];
  const replace = <T,>(list: T[], i: number, item: T) => list.map((x, j) => (j === i ? item : x));
  const always = !weekly.length && !holidays.length && !dates.length;
  return (
    <fieldset className="active-when">
      <legend>Active when</legend>
      {always && <p className="muted small">Always active (add spans, holidays or dates to limit it).</p>}
      {weekly.length > 0 && (
        <ul className="entries" aria-label="Weekly spans">
          {weekly.map((span, i) => (
            <Entry key={i} what={`weekly span ${i + 1}`} onRemove={() => onChange({ ...a, weekly: weekly.filter((_, j) => j !== i) })}>
              <WeeklyEntry path={`${path}/weekly/${i}`} span={span} onChange={(s) => onChange({ ...a, weekly: replace(weekly, i, s) })} />
            </Entry>
          ))}
        </ul>
      )}
      {holidays.length > 0 && (
        <ul className="entries" aria-label="Holiday calendars">
          {holidays.map((h, i) => (
            <Entry key={i} what={`holiday entry ${i + 1}`} onRemove={() => onChange({ ...a, holidays: holidays.filter((_, j) => j !== i) })}>
              <Field label="Holiday calendar" path={`${path}/holidays/${i}/calendar`}>
                {(control) => (
                  <select {...control} value={h.calendar} onChange={(e) => onChange({ ...a, holidays: replace(holidays, i, { ...h, calendar: e.target.value }) })}>
                    <option value="">Choose a calendar…</option>
                    {calendars.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <TimeField label="From" path={`${path}/holidays/${i}/from`} value={h.from ?? ''} onChange={(from) => onChange({ ...a, holidays: replace(holidays, i, { ...h, from }) })} />
              <TimeField label="To" path={`${path}/holidays/${i}/to`} value={h.to ?? ''} onChange={(to) => onChange({ ...a, holidays: replace(holidays, i, { ...h, to }) })} />
            </Entry>
          ))}
        </ul>
      )}
      {dates.length > 0 && (
        <ul className="entries" aria-label="Date ranges">
          {dates.map((d, i) => (
            <Entry key={i} what={`date range ${i + 1}`} onRemove={() => onChange({ ...a, dates: dates.filter((_, j) => j !== i) })}>
              <TextField label="Start" type="datetime-local" path={`${path}/dates/${i}/start`} value={d.start} onChange={(start) => onChange({ ...a, dates: replace(dates, i, { ...d, start }) })} />
              <TextField label="End" type="datetime-local" path={`${path}/dates/${i}/end`} value={d.end} onChange={(end) => onChange({ ...a, dates: replace(dates, i, { ...d, end }) })} />
            </Entry>
          ))}
        </ul>
      )}
      <div className="add-buttons">
        <button type="button" onClick={() => onChange({ ...a, weekly: [...weekly, { days: ['MO', 'TU', 'WE', 'TH', 'FR'], from: '09:00', to: '17:00' }] })}>
          Add days and hours
        </button>
        <button type="button" onClick={() => onChange({ ...a, weekly: [...weekly, { from: 'FR 17:00', to: 'MO 09:00' }] })}>
          Add weekly span
        </button>
        <button type="button" onClick={() => onChange({ ...a, holidays: [...holidays, { calendar: calendars[0]?.id ?? '', from: '', to: '' }] })}>
          Add holiday calendar
        </button>
        <button type="button" onClick={() => onChange({ ...a, dates: [...dates, { start: '', end: '' }] })}>
          Add date range
        </button>
      </div>
    </fieldset>
  );
}
