import { useState } from 'react';
import { DeliveriesTable } from '../components/channels/DeliveriesTable';
import { deliveriesHref } from '../components/channels/ChannelTools';
import { Field, ProblemSummary } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { api } from '../lib/api';
import { DELIVERY_STATUSES } from '../lib/channels';
import { nameIn } from '../lib/resources';
import { href } from '../lib/router';
import type { Channel, Delivery } from '../lib/types';
import { useData } from '../lib/useData';

const LIMIT = 200;

/** The delivery log (GET /deliveries): every notice, newest first, filtered by channel and status; the filters are in the URL, to share. */
export function Deliveries({ channel, status }: { channel: string; status: string }) {
  const channels = useData(() => api.list<Channel>('/channels'), []);
  const [tick, setTick] = useState(0);
  const log = useData(
    () => api.list<Delivery>('/deliveries', { channel: channel || undefined, status: status || undefined, limit: LIMIT }),
    [channel, status, tick],
  );
  const filter = (patch: { channel?: string; status?: string }) => {
    window.location.hash = deliveriesHref({ channel, status, ...patch }).slice(1);
  };
  const channelName = (id: string) => nameIn(channels.data, id);
  return (
    <>
      <PageHeader title="Delivery log">
        <a href={href('channels')}>Channels</a>
        <button type="button" onClick={() => setTick((t) => t + 1)}>
          Refresh
        </button>
      </PageHeader>
      <div className="card">
        <div className="row filters">
          <Field label="Channel">
            {(control) => (
              <select {...control} value={channel} onChange={(e) => filter({ channel: e.target.value })}>
                <option value="">Every channel</option>
                {/* The filter from the URL shows while the channel list loads (or if it names none). */}
                {channel && !channels.data?.some((c) => c.id === channel) && <option value={channel}>{channel}</option>}
                {channels.data?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Status">
            {(control) => (
              <select {...control} value={status} onChange={(e) => filter({ status: e.target.value })}>
                <option value="">Any status</option>
                {DELIVERY_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <ProblemSummary problem={log.problem ?? channels.problem} />
        <DeliveriesTable items={log.data} channelName={channelName} emptyText="No notices match." />
        {log.data?.length === LIMIT && <p className="muted small">The newest {LIMIT} are shown.</p>}
      </div>
    </>
  );
}
