import { ProblemSummary } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { TimeOffPanel } from '../components/TimeOffPanel';
import { api, enc } from '../lib/api';
import { useAuth } from '../lib/auth';
import { nameOf, usePeople } from '../lib/resources';
import { href } from '../lib/router';
import { UPCOMING_WEEKS, useUpcomingShifts } from '../lib/personShifts';
import { browserTimeZone, formatInstant, formatRange } from '../lib/time';
import type { Override, Person, PersonShift } from '../lib/types';
import { useData } from '../lib/useData';

/** The signed-in user's own page: their upcoming shifts in every schedule, their time off, their swaps. */
export function MyShifts() {
  const { user } = useAuth();
  const personId = user?.person;
  return (
    <>
      <PageHeader title="My shifts" />
      {personId ? (
        <OwnShifts personId={personId} />
      ) : (
        <p className="problem" role="alert">
          No person in Rota has your email ({user?.email}), so there are no shifts or time off of yours to show. Your shifts appear here once an
          admin sets that email on your person.
        </p>
      )}
    </>
  );
}

function OwnShifts({ personId }: { personId: string }) {
  const person = useData(() => api.get<Person>(`/people/${enc(personId)}`), [personId]);
  const shifts = useUpcomingShifts(personId);
  if (person.problem) return <ProblemSummary problem={person.problem} />;
  if (!person.data) return <p className="loading">Loading…</p>;
  // The person's own zone, else the browser's: what "my" times mean to them.
  const zone = person.data.timeZone || browserTimeZone();
  const swapped = shifts.data?.filter((s) => s.swap !== null) ?? [];
  return (
    <>
      <p className="muted subtitle">
        {person.data.name} · times in {zone}
      </p>
      <div className="two-col my-shifts">
        <section className="card" aria-labelledby="upcoming-title">
          <h2 id="upcoming-title">Upcoming shifts, next {UPCOMING_WEEKS} weeks</h2>
          <ProblemSummary problem={shifts.problem} />
          {shifts.data && <UpcomingShifts shifts={shifts.data} zone={zone} />}
        </section>
        <div>
          {/* A viewer writes their own time off (spec §13); what they are on call for may move with it. */}
          <TimeOffPanel person={person.data} zone={zone} canEdit onChanged={shifts.reload} />
          <section className="card" aria-labelledby="swaps-title">
            <h2 id="swaps-title">Swaps</h2>
            {swapped.length === 0 ? <p className="empty">No upcoming shifts from swaps.</p> : <Swaps shifts={swapped} zone={zone} />}
          </section>
        </div>
      </div>
    </>
  );
}

/** "09:00 – 17:00" within a day, "09:00 – Mon 8 Jun 09:00" across days. */
function timesOf(shift: PersonShift, zone: string): string {
  const sameDay = formatInstant(shift.start, zone, 'day') === formatInstant(shift.end, zone, 'day');
  return `${formatInstant(shift.start, zone, 'time')} – ${formatInstant(shift.end, zone, sameDay ? 'time' : 'shortDateTime')}`;
}

const SOURCE_BADGES: Partial<Record<PersonShift['source'], string>> = { override: 'override', fallback: 'fallback' };

/** The shifts grouped by the local day they start on. */
function UpcomingShifts({ shifts, zone }: { shifts: PersonShift[]; zone: string }) {
  if (shifts.length === 0) return <p className="empty">No shifts in the next {UPCOMING_WEEKS} weeks.</p>;
  const days = new Map<string, PersonShift[]>();
  for (const s of shifts) {
    const day = formatInstant(s.start, zone, 'day');
    days.set(day, [...(days.get(day) ?? []), s]);
  }
  return (
    <div className="shift-days">
      {[...days].map(([day, dayShifts]) => (
        <section key={day} aria-label={day}>
          <h3>{day}</h3>
          <ul className="plain-list">
            {dayShifts.map((s) => (
              <li key={`${s.schedule}|${s.start}`} className="list-item">
                <div>
                  <span className="shift-times">{timesOf(s, zone)}</span> <a href={href('schedules', s.schedule)}>{s.scheduleName}</a>
                  {s.swap ? <span className="badge">swap</span> : SOURCE_BADGES[s.source] && <span className="badge">{SOURCE_BADGES[s.source]}</span>}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** Each shift the person took in a swap, with what the other person took of theirs in exchange. */
function Swaps({ shifts, zone }: { shifts: PersonShift[]; zone: string }) {
  const schedules = [...new Set(shifts.map((s) => s.schedule))].sort();
  const people = usePeople();
  // Only the schedules with swaps are asked for their overrides: the other half of each swap is there.
  const overrides = useData(
    async () => (await Promise.all(schedules.map((s) => api.list<Override>(`/schedules/${enc(s)}/overrides`)))).flat(),
    [schedules.join(',')],
  );
  const otherHalf = (shift: PersonShift) => overrides.data?.find((o) => o.swap === shift.swap && o.id !== shift.override);
  return (
    <>
      <ProblemSummary problem={overrides.problem ?? people.problem} />
      <ul className="plain-list">
        {shifts.map((s) => {
          const other = otherHalf(s);
          return (
            <li key={`${s.schedule}|${s.start}`} className="list-item">
              <div>
                <a href={href('schedules', s.schedule)}>{s.scheduleName}</a>: you cover {formatRange(s.start, s.end, zone)}
                {other && (
                  <div className="muted">
                    {nameOf(people.data, other.person)} covers {formatRange(other.start, other.end, zone)} for you
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
