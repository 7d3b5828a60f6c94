import { eventLabel, isFailure, needsAttention } from '../../lib/channels';
import { browserTimeZone, formatInstant } from '../../lib/time';
import type { Delivery } from '../../lib/types';

export function StatusBadge({ status }: { status: Delivery['status'] }) {
  return <span className={`badge status-${status}${isFailure(status) ? ' badge-bad' : ''}`}>{status}</span>;
}

/**
 * Notices and how their delivery went, newest first, times in the browser's zone. Failed and
 * missed rows, and pending ones whose last attempt failed, stand out. On a phone each row stacks into a labelled block (no sideways scrolling).
 */
export function DeliveriesTable({ items, channelName, emptyText }: {
  items: Delivery[] | undefined;
  /** Given, a Channel column names each notice's channel. */
  channelName?: (id: string) => string;
  emptyText: string;
}) {
  const zone = browserTimeZone();
  const time = (iso: string | null) => (iso ? formatInstant(iso, zone, 'shortDateTime') : '');
  if (items?.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <>
      <table className="table compact stack">
        <thead>
          <tr>
            <th scope="col">Status</th>
            {channelName && <th scope="col">Channel</th>}
            <th scope="col">Event</th>
            <th scope="col">Due</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {items?.map((d) => (
            <tr key={d.id} className={needsAttention(d) ? 'row-bad' : undefined}>
              <td data-label="Status">
                <StatusBadge status={d.status} />
                {d.status === 'pending' && d.nextAttemptAt && <span className="muted small"> next try {time(d.nextAttemptAt)}</span>}
                {d.status === 'delivered' && d.deliveredAt && <span className="muted small"> {time(d.deliveredAt)}</span>}
              </td>
              {channelName && <td data-label="Channel">{channelName(d.channel)}</td>}
              <td data-label="Event">
                {eventLabel(d.type)} <code className="small">{d.type}</code>
              </td>
              <td data-label="Due">{time(d.dueAt)}</td>
              <td data-label="Attempts" className="num">
                {d.attempts}
              </td>
              <td data-label="Last error" className="error-text">
                {d.lastError ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Times in {zone}.</p>
    </>
  );
}
