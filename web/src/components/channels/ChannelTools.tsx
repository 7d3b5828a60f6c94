import { useState } from 'react';
import { api, enc } from '../../lib/api';
import { href } from '../../lib/router';
import { browserTimeZone, formatInstant } from '../../lib/time';
import type { Channel, Delivery } from '../../lib/types';
import { useAction } from '../../lib/useAction';
import { useData } from '../../lib/useData';
import { DeleteButton } from '../DeleteButton';
import { ProblemSummary } from '../Field';
import { DeliveriesTable, StatusBadge } from './DeliveriesTable';
import { WebhookSecret } from './WebhookSecret';

/** How many notices a channel's panel lists; the delivery log has the rest. */
const RECENT = 10;

export function deliveriesHref(query: { channel?: string; status?: string } = {}): string {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]).toString();
  return `${href('channels', 'deliveries')}${params ? `?${params}` : ''}`;
}

/**
 * A saved channel's tools: "Send test" (the answer comes after the first attempt, so it says
 * delivered or why not), "Rotate secret" for webhooks, and its most recent deliveries.
 */
export function ChannelTools({ channel, logLink }: { channel: Channel; /** Admins: a link to the channel's whole delivery log. */ logLink: boolean }) {
  const [tick, setTick] = useState(0);
  const recent = useData(() => api.list<Delivery>('/deliveries', { channel: channel.id, limit: RECENT }), [channel.id, tick]);
  const [tested, setTested] = useState<Delivery | null>(null);
  const test = useAction(async () => {
    setTested(await api.post<Delivery>(`/channels/${enc(channel.id)}/test`, undefined));
    setTick((t) => t + 1);
  });
  const [secret, setSecret] = useState<string | null>(null);
  const rotate = useAction(async () => setSecret((await api.post<{ secret: string }>(`/channels/${enc(channel.id)}/rotate-secret`, undefined)).secret));
  const headingId = `channel-tools-${channel.id}`;
  return (
    <section className="card channel-tools" aria-labelledby={headingId}>
      <h3 id={headingId}>Test and deliveries of {channel.name}</h3>
      <div className="row">
        <button type="button" onClick={() => void test.run()} disabled={test.busy}>
          {test.busy ? 'Sending…' : 'Send test'}
        </button>
        {channel.kind === 'webhook' && <DeleteButton label="Rotate secret" what={channel.name} onDelete={() => void rotate.run()} />}
      </div>
      <ProblemSummary problem={test.problem ?? rotate.problem} />
      {tested && <TestResult delivery={tested} />}
      {secret && <WebhookSecret title="New signing secret: the old one no longer signs." secret={secret} />}
      <h4 className="section-title">Recent deliveries</h4>
      <ProblemSummary problem={recent.problem} />
      <DeliveriesTable items={recent.data} emptyText="Nothing sent to this channel yet." />
      <div className="row">
        <button type="button" onClick={() => setTick((t) => t + 1)}>
          Refresh
        </button>
        {logLink && <a href={deliveriesHref({ channel: channel.id })}>Whole delivery log of this channel</a>}
      </div>
    </section>
  );
}

/** What became of a test notice after its first attempt. */
function TestResult({ delivery }: { delivery: Delivery }) {
  const ok = delivery.status === 'delivered';
  return (
    <div className={ok ? 'created' : 'problem'} role="status" aria-label="Test result">
      <p>
        Test notice <StatusBadge status={delivery.status} />
        {ok && ' — the receiver answered 2xx.'}
        {delivery.status === 'pending' && delivery.nextAttemptAt && ` — Rota tries again at ${formatInstant(delivery.nextAttemptAt, browserTimeZone(), 'shortDateTime')}.`}
      </p>
      {delivery.lastError && <p className="error-text">{delivery.lastError}</p>}
    </div>
  );
}
