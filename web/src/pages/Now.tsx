import { PageHeader } from '../components/Layout';
import { PersonName } from '../components/PersonName';
import { ProblemSummary } from '../components/Field';
import { api, enc } from '../lib/api';
import { useAuth } from '../lib/auth';
import { useSchedules } from '../lib/resources';
import { href } from '../lib/router';
import { DAY, formatInstant, formatRange } from '../lib/time';
import type { Coverage, OnCall, Schedule, Timeline } from '../lib/types';
import { useData } from '../lib/useData';

export function Now() {
  const { canEdit } = useAuth();
  const schedules = useSchedules();
  return (
    <>
      <PageHeader title="On call now">
        {canEdit && (
          <a className="button primary" href={href('schedules', 'new')}>
            New schedule
          </a>
        )}
      </PageHeader>
      <ProblemSummary problem={schedules.problem} />
      {schedules.data?.length === 0 && (
        <p className="empty">No schedules yet.{canEdit && ' Create one with “New schedule”.'}</p>
      )}
      <div className="now-grid">
        {schedules.data?.map((s) => <NowCard key={s.id} schedule={s} />)}
      </div>
    </>
  );
}

function NowCard({ schedule }: { schedule: Schedule }) {
  const zone = schedule.timeZone;
  const { data, problem } = useData(async () => {
    const now = Date.now();
    const window = { from: new Date(now).toISOString(), to: new Date(now + 30 * DAY).toISOString() };
    const base = `/schedules/${enc(schedule.id)}`;
    const [oncall, timeline, coverage] = await Promise.all([
      api.get<OnCall>(`${base}/oncall`),
      api.get<Timeline>(`${base}/shifts`, window),
      api.get<Coverage>(`${base}/coverage`, window),
    ]);
    return { oncall, next: timeline.shifts[1], coverage };
  }, [schedule.id]);

  const firstGap = data?.coverage.gaps[0];
  return (
    <section className="card now-card" aria-labelledby={`now-${schedule.id}`}>
      <h2 id={`now-${schedule.id}`}>
        <a href={href('schedules', schedule.id)}>{schedule.name}</a>
      </h2>
      <p className="zone">{zone}</p>
      <ProblemSummary problem={problem} />
      {firstGap && (
        <p className="banner-gap" role="alert">
          Gap in the next 30 days: nobody is on call {formatRange(firstGap.start, firstGap.end, zone)}
          {data.coverage.gaps.length > 1 && ` (and ${data.coverage.gaps.length - 1} more)`}.
        </p>
      )}
      {data && (
        <dl className="now-facts">
          <dt>On call</dt>
          <dd className="now-person">
            <PersonName person={data.oncall.person} />
            {data.oncall.source === 'override' && <span className="badge">override</span>}
            {data.oncall.source === 'fallback' && <span className="badge">fallback</span>}
          </dd>
          <dt>Since</dt>
          <dd>{data.oncall.start ? formatInstant(data.oncall.start, zone) : <span className="muted">over 3 years ago</span>}</dd>
          <dt>Until</dt>
          <dd>{data.oncall.end ? formatInstant(data.oncall.end, zone) : <span className="muted">over 3 years from now</span>}</dd>
          <dt>Next</dt>
          <dd>
            {data.next ? (
              <>
                <PersonName person={data.next.person} /> <span className="muted">until {formatInstant(data.next.end, zone, 'shortDateTime')}</span>
              </>
            ) : (
              <span className="muted">No handoff in the next 30 days</span>
            )}
          </dd>
        </dl>
      )}
    </section>
  );
}
