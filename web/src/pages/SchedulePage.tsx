import { useState } from 'react';
import { DeleteButton } from '../components/DeleteButton';
import { ProblemSummary } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { LoadReport } from '../components/LoadReport';
import { OverrideForm, type OverrideDraft } from '../components/OverrideForm';
import { PersonName, personId } from '../components/PersonName';
import { SwapForm } from '../components/SwapForm';
import { Timeline, timelineRows, type SelectedShift } from '../components/Timeline';
import { TimelineNav } from '../components/TimelineNav';
import { api, enc } from '../lib/api';
import { useAuth } from '../lib/auth';
import { nameOf, usePeople } from '../lib/resources';
import { href, navigate } from '../lib/router';
import { DAY, formatInstant, formatRange } from '../lib/time';
import type { Coverage, Override, Person, Schedule, Shift, SwapSide, Timeline as TimelineData } from '../lib/types';
import { useAction, useDeleteAction } from '../lib/useAction';
import { useData } from '../lib/useData';
import { holidayCalendarsOf } from '../lib/useHolidays';
import { useTimelineWindow } from '../lib/useTimelineWindow';

/**
 * How far beyond each side of the view shifts are fetched. The API cuts shifts at its window
 * (spec §7); fetched wider, a piece at the view's edge still tells where its shift truly starts or
 * ends, and "Take this shift" covers the whole of it — a week covers the usual weekly handoff.
 */
const SHIFT_CONTEXT = 7 * DAY;

export function SchedulePage({ id }: { id: string }) {
  const schedule = useData(() => api.get<Schedule>(`/schedules/${enc(id)}`), [id]);
  const people = usePeople();
  if (schedule.problem) return <ProblemSummary problem={schedule.problem} />;
  if (!schedule.data || !people.data) return <p className="loading">Loading…</p>;
  return <ScheduleView schedule={schedule.data} people={people.data} />;
}

function ScheduleView({ schedule, people }: { schedule: Schedule; people: Person[] }) {
  const { canEdit } = useAuth();
  const zone = schedule.timeZone;
  const base = `/schedules/${enc(schedule.id)}`;
  const win = useTimelineWindow(zone);
  const [selected, setSelected] = useState<SelectedShift | null>(null);
  const [draft, setDraft] = useState<OverrideDraft | null>(null);
  /** The stretch being traded in a swap (the selected shift). */
  const [swapping, setSwapping] = useState<SwapSide | null>(null);
  const names = (pid: string) => nameOf(people, pid);

  const range = { from: new Date(win.start).toISOString(), to: new Date(win.end).toISOString() };
  const around = { from: new Date(win.start - SHIFT_CONTEXT).toISOString(), to: new Date(win.end + SHIFT_CONTEXT).toISOString() };
  const timeline = useData(() => api.get<TimelineData>(`${base}/shifts`, { ...around, layers: true }), [base, win.start, win.end]);
  const coverage = useData(() => api.get<Coverage>(`${base}/coverage`, range), [base, win.start, win.end]);
  const overrides = useData(() => api.list<Override>(`${base}/overrides`), [base]);

  const reloadAll = () => {
    timeline.reload();
    coverage.reload();
    overrides.reload();
  };
  const removeOverride = useDeleteAction(`${base}/overrides`, reloadAll);
  const removeSchedule = useAction(async () => {
    await api.del(base);
    navigate();
  });

  const startOverride = () => {
    if (!selected) return;
    const { shift } = selected;
    setSwapping(null);
    setDraft({ person: '', start: Date.parse(shift.start), end: Date.parse(shift.end), note: '' });
  };
  const startSwap = () => {
    const holder = personId(selected?.shift.person);
    if (!selected || !holder) return;
    setDraft(null);
    setSwapping({ person: holder, start: selected.shift.start, end: selected.shift.end });
  };
  /** What an editor can do with the selected shift, offered in its details. */
  const shiftActions = (shift: Shift) => (
    <>
      <button type="button" className="primary" onClick={startOverride}>
        Take this shift
      </button>
      {shift.person && (
        <button type="button" onClick={startSwap}>
          Swap
        </button>
      )}
    </>
  );
  const saved = () => {
    setDraft(null);
    setSwapping(null);
    setSelected(null);
    reloadAll();
  };

  return (
    <>
      <PageHeader title={schedule.name}>
        <a className="button" href={href('feeds') + `?schedule=${enc(schedule.id)}`}>
          Subscribe
        </a>
        {canEdit && (
          <>
            <button
              type="button"
              onClick={() => {
                setSwapping(null);
                setDraft({ person: '', start: Date.now(), end: Date.now() + 8 * 3_600_000, note: '' });
              }}
            >
              Add override
            </button>
            <a className="button primary" href={href('schedules', schedule.id, 'edit')}>
              Edit schedule
            </a>
            <DeleteButton what="schedule" onDelete={() => void removeSchedule.run()} />
          </>
        )}
      </PageHeader>
      <p className="muted subtitle">
        <code>{schedule.id}</code> · {zone} · fallback <PersonName person={schedule.fallback ?? null} names={names} /> ·{' '}
        {schedule.requireCoverage === false ? 'gaps allowed' : 'coverage required'}
        {schedule.version !== undefined && ` · version ${schedule.version}`}
      </p>
      <ProblemSummary problem={removeSchedule.problem ?? timeline.problem} />

      <TimelineNav window={win} zone={zone} />
      <Timeline
        zone={zone}
        start={win.start}
        end={win.end}
        rows={timelineRows(timeline.data?.shifts ?? [], timeline.data?.layers, { current: schedule.layers.map((l) => l.id), start: win.start, end: win.end })}
        names={names}
        holidayCalendars={holidayCalendarsOf(schedule)}
        selected={selected}
        onSelect={setSelected}
        shiftActions={canEdit ? shiftActions : undefined}
      />
      <p className="legend" aria-hidden="true">
        <span className="key key-override" /> override <span className="key key-fallback" /> fallback <span className="key key-gap" /> gap{' '}
        <span className="key key-now" /> now
      </p>
      {draft && (
        <OverrideForm
          key={`${draft.start}|${draft.end}|${draft.note}`}
          scheduleId={schedule.id}
          zone={zone}
          people={people}
          draft={draft}
          onCancel={() => setDraft(null)}
          onSaved={saved}
        />
      )}
      {swapping && (
        <SwapForm
          key={`${swapping.person}|${swapping.start}|${swapping.end}`}
          scheduleId={schedule.id}
          zone={zone}
          people={people}
          a={swapping}
          onCancel={() => setSwapping(null)}
          onSaved={saved}
        />
      )}

      <div className="two-col">
        <section className="card" aria-labelledby="report-title">
          <h2 id="report-title">Coverage and fairness, {formatInstant(win.start, zone, 'day')} – {formatInstant(win.end - 1, zone, 'day')}</h2>
          <ProblemSummary problem={coverage.problem} />
          {coverage.data && <LoadReport coverage={coverage.data} zone={zone} names={names} />}
        </section>
        <section className="card" aria-labelledby="overrides-title">
          <h2 id="overrides-title">Overrides</h2>
          <ProblemSummary problem={overrides.problem ?? removeOverride.problem} />
          {overrides.data?.length === 0 && <p className="empty">No overrides.</p>}
          <ul className="plain-list">
            {overrides.data?.map((o) => (
              <li key={o.id} className="override-item">
                <div>
                  <PersonName person={o.person} names={names} /> <span className="muted">{formatRange(o.start, o.end, zone)}</span>
                  {o.swap && <span className="badge">swap</span>}
                  {o.note && <div className="note">{o.note}</div>}
                </div>
                {canEdit && (
                  <DeleteButton
                    // Deleting either half of a swap deletes both (spec §13): the button says so.
                    what={o.swap ? `swap of ${names(o.person)} (both its overrides)` : `override of ${names(o.person)}`}
                    onDelete={() => void removeOverride.run(o.id)}
                  />
                )}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
