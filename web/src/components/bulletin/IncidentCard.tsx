import { COMPONENT_STATUSES, labelOf } from '../../lib/bulletin';
import { formatInstant } from '../../lib/time';
import type { ComponentStatus, Incident } from '../../lib/types';
import { StatusBadge } from './StatusBadge';

/** "Search — Major outage, Forms — Degraded": the components an incident or update names. */
export function componentList(components: Record<string, ComponentStatus>, nameOf: (id: string) => string): string {
  return Object.entries(components)
    .map(([id, status]) => `${nameOf(id)} — ${labelOf(COMPONENT_STATUSES, status)}`)
    .join(', ');
}

/** An incident with its timeline of updates, newest first; times in `zone`, named. */
export function IncidentCard({ incident, zone, nameOf, postHref }: {
  incident: Incident;
  zone: string;
  /** A component's name from its id. */
  nameOf: (id: string) => string;
  /** Where "Post an update" to this incident leads (absent for whom may not post). */
  postHref?: string;
}) {
  const at = (iso: string) => `${formatInstant(iso, zone)} (${zone})`;
  const affected = componentList(incident.components, nameOf);
  return (
    <article className="card incident" aria-labelledby={`incident-${incident.id}`}>
      <div className="incident-head">
        <h2 id={`incident-${incident.id}`}>{incident.title}</h2>
        <span className="row">
          <StatusBadge incident={incident.status} />
          <StatusBadge impact={incident.impact} />
        </span>
      </div>
      <dl className="facts">
        {affected && (
          <>
            <dt>Affected</dt>
            <dd>{affected}</dd>
          </>
        )}
        <dt>Started</dt>
        <dd>{at(incident.createdAt)}</dd>
        {incident.resolvedAt && (
          <>
            <dt>Resolved</dt>
            <dd>{at(incident.resolvedAt)}</dd>
          </>
        )}
        {incident.nextUpdateBy && (
          <>
            <dt>Next update by</dt>
            <dd>{at(incident.nextUpdateBy)}</dd>
          </>
        )}
      </dl>
      <ol className="updates" aria-label={`Updates of ${incident.title}`}>
        {incident.updates.map((u) => (
          <li key={u.id}>
            <div className="update-head">
              <StatusBadge incident={u.status} />
              <time dateTime={u.postedAt}>{at(u.postedAt)}</time>
              <span className="muted">by {u.postedBy}</span>
            </div>
            <p className="message">{u.message}</p>
            {Object.keys(u.components).length > 0 && <p className="muted small">{componentList(u.components, nameOf)}</p>}
          </li>
        ))}
      </ol>
      {postHref && (
        <a className="button" href={postHref}>
          Post an update
        </a>
      )}
    </article>
  );
}
