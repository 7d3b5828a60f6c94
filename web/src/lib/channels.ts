/** Notification channels in the web app (spec §14): what each kind and event is called, and the form's draft. */
import type { Channel, ChannelKind, Delivery, DeliveryStatus, EventType } from './types';

export interface KindInfo {
  kind: ChannelKind;
  label: string;
  /** The label of the url field (every kind but email). */
  urlLabel: string;
  placeholder: string;
  hint: string;
}

export const KINDS: KindInfo[] = [
  { kind: 'ntfy', label: 'ntfy (phone push)', urlLabel: 'Topic URL', placeholder: 'https://ntfy.sh/a-topic-only-you-know', hint: 'Subscribe to the same topic in the ntfy app. Anyone who knows a public topic can read it: pick a long, unguessable one.' },
  { kind: 'slack', label: 'Slack, Mattermost, Rocket.Chat', urlLabel: 'Incoming webhook URL', placeholder: 'https://hooks.slack.com/services/T000/B000/XXXX', hint: 'An incoming webhook of the channel the messages go to.' },
  { kind: 'teams', label: 'Microsoft Teams', urlLabel: 'Workflows webhook URL', placeholder: 'https://prod-00.westeurope.logic.azure.com/workflows/…', hint: 'A Workflows flow "Post to a channel when a webhook request is received" (Office 365 connectors are retired).' },
  { kind: 'discord', label: 'Discord', urlLabel: 'Webhook URL', placeholder: 'https://discord.com/api/webhooks/…', hint: 'Server settings → Integrations → Webhooks.' },
  { kind: 'webhook', label: 'Webhook (signed JSON)', urlLabel: 'URL', placeholder: 'https://alerts.example.com/rota', hint: 'Receives { id, type, occurredAt, data } as JSON, signed as Standard Webhooks.' },
  { kind: 'email', label: 'Email', urlLabel: '', placeholder: 'ops@example.com', hint: 'Needs an SMTP server set up on the Rota server (ROTA_SMTP_URL).' },
];

export function kindInfo(kind: ChannelKind): KindInfo {
  return KINDS.find((k) => k.kind === kind) ?? KINDS[0]!;
}

export const EVENTS: { type: EventType; label: string }[] = [
  { type: 'shift.upcoming', label: 'Reminder before a shift' },
  { type: 'shift.started', label: 'A shift starts (handoff)' },
  { type: 'shifts.changed', label: 'Shifts changed by an edit' },
  { type: 'coverage.gap', label: 'Coverage gap ahead' },
  { type: 'bulletin.updated', label: 'Outage bulletin updated' },
];

export const eventLabel = (type: string) => (type === 'channel.test' ? 'Test notice' : (EVENTS.find((e) => e.type === type)?.label ?? type));

/** The reminder leads offered in a select; anything else is typed as an ISO-8601 duration. */
export const REMIND_PRESETS: { value: string; label: string }[] = [
  { value: 'PT1H', label: '1 hour before' },
  { value: 'PT12H', label: '12 hours before' },
  { value: 'PT24H', label: '24 hours before' },
  { value: 'P2D', label: '2 days before' },
  { value: 'P1W', label: '1 week before' },
];

export const DEFAULT_REMIND_BEFORE = 'PT24H';

/** "24 hours before", or the duration itself when it is not a preset. */
export function remindLabel(remindBefore: string | undefined): string {
  const value = remindBefore ?? DEFAULT_REMIND_BEFORE;
  return REMIND_PRESETS.find((p) => p.value === value)?.label ?? `${value} before`;
}

/** The channel being edited: every optional field as a value the inputs can hold ("" or [] for absent). */
export interface ChannelDraft {
  id: string;
  name: string;
  kind: ChannelKind;
  url: string;
  to: string;
  events: EventType[];
  schedules: string[];
  person: string;
  remindBefore: string;
}

export function draftOf(channel: Channel): ChannelDraft {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    url: channel.url ?? '',
    to: channel.to ?? '',
    events: channel.events,
    schedules: channel.schedules ?? [],
    person: channel.person ?? '',
    remindBefore: channel.remindBefore ?? DEFAULT_REMIND_BEFORE,
  };
}

/**
 * The PUT body of a draft: the address field of its kind only (url, or to for email, so switching
 * kinds leaves nothing behind), and empty optional fields left out (no schedules ticked: all).
 */
export function channelBody(d: ChannelDraft): Omit<Channel, 'id'> {
  return {
    name: d.name,
    kind: d.kind,
    ...(d.kind === 'email' ? (d.to ? { to: d.to } : {}) : d.url ? { url: d.url } : {}),
    events: d.events,
    ...(d.schedules.length ? { schedules: d.schedules } : {}),
    ...(d.person ? { person: d.person } : {}),
    remindBefore: d.remindBefore,
  };
}

export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'failed', 'missed'];

/** Notices that will not arrive (retries given up, or fell due while no instance could send): they stand out. */
export const isFailure = (status: DeliveryStatus) => status === 'failed' || status === 'missed';

/** A notice that did not arrive, or whose last attempt failed and is being retried. */
export const needsAttention = (d: Delivery) => isFailure(d.status) || (d.status === 'pending' && d.lastError !== null);

/**
 * The id of a new "Remind me" channel: people do not pick slugs for their reminders, and channel
 * ids are shared by everyone, so the person's id, the kind and a random part.
 */
export function newReminderId(person: string, kind: ChannelKind): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(36).padStart(2, '0')).join('');
  return `${person.slice(0, 40)}-${kind}-${random}`;
}
