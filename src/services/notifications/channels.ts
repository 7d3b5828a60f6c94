/**
 * Notification channels (spec §14): where notices go, which events, about which schedules or
 * which person. Admins manage every channel; a viewer manages the channels of their own person
 * (their "remind me" settings). A webhook channel's signing secret is issued with the channel and
 * answered once.
 */
import { randomBytes } from 'node:crypto';
import { Duration } from 'luxon';
import type { Repositories } from '../../db/index.js';
import type { Channel, ChannelInput, ChannelKind } from '../../db/repos/channels.js';
import { privateAddressProblem } from '../../delivery/index.js';
import { ntfyTarget } from '../../render/notices/index.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../errors.js';
import type { Caller } from '../caller.js';
import { assertCreatable, type PutOptions } from '../create-only.js';
import type { PeopleService } from '../people.js';

export type { Channel, ChannelKind };

export const EVENT_TYPES = ['shift.started', 'shift.upcoming', 'shifts.changed', 'coverage.gap', 'bulletin.updated'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const CHANNEL_KINDS: readonly ChannelKind[] = ['webhook', 'slack', 'teams', 'discord', 'ntfy', 'email'];

export const DEFAULT_REMIND_BEFORE = 'PT24H';
const MIN_REMIND_MS = 60_000;
const MAX_REMIND_MS = 30 * 86_400_000;

/** A channel document as submitted (the route checked its shape). */
export interface ChannelDraft {
  name: string;
  kind: ChannelKind;
  url?: string;
  to?: string;
  events: string[];
  schedules?: string[];
  person?: string;
  remindBefore?: string;
}

/**
 * How long ahead of a shift `remindBefore` reminds: an exact length of time (PT24H and P1D are
 * both 24 hours, across a DST change too), or null when it is not such a duration.
 */
export function remindMs(remindBefore: string): number | null {
  const duration = Duration.fromISO(remindBefore);
  if (!duration.isValid || duration.months !== 0 || duration.years !== 0 || duration.quarters !== 0) return null;
  return duration.as('milliseconds');
}

const EMAIL = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+\.[^\s@<>(),;:"\\[\]]+$/;

function urlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry a user name or password (put tokens where the service documents them)';
  const privateHost = allowPrivate ? null : privateAddressProblem(url.hostname);
  return privateHost && `the host is ${privateHost}: Rota posts only to addresses outside this machine and its link (start it with ROTA_WEBHOOK_ALLOW_PRIVATE=1 to allow them)`;
}

export interface ChannelRules {
  /** ROTA_WEBHOOK_ALLOW_PRIVATE: deliver to loopback and link-local addresses too. */
  allowPrivate: boolean;
  /** Whether ROTA_SMTP_URL is set: without it an email channel could never deliver. */
  smtpConfigured: boolean;
}

export type ChannelsService = ReturnType<typeof channelsService>;

export function channelsService(repos: Repositories, people: PeopleService, rules: ChannelRules, now: () => number) {
  /** The document's problems against the stored schedules and people, paths into the body. */
  async function problemsOf(draft: ChannelDraft): Promise<FieldProblem[]> {
    const errors: FieldProblem[] = [];
    if (draft.kind === 'email') {
      if (draft.url !== undefined) errors.push({ path: '/url', message: 'an email channel has no url: give "to"' });
      if (draft.to === undefined) errors.push({ path: '/to', message: 'an email channel needs "to", the address notices go to' });
      else if (!EMAIL.test(draft.to)) errors.push({ path: '/to', message: 'must be an email address such as ops@example.com' });
      if (!rules.smtpConfigured) errors.push({ path: '/kind', message: 'email needs an SMTP server: start Rota with ROTA_SMTP_URL (and ROTA_MAIL_FROM) set' });
    } else {
      if (draft.to !== undefined) errors.push({ path: '/to', message: `a ${draft.kind} channel has no "to": give "url"` });
      if (draft.url === undefined) errors.push({ path: '/url', message: `a ${draft.kind} channel needs "url"` });
      else {
        const problem = urlProblem(draft.url, rules.allowPrivate);
        if (problem) errors.push({ path: '/url', message: problem });
        else if (draft.kind === 'ntfy' && ntfyTarget(draft.url) === null) errors.push({ path: '/url', message: 'must be an ntfy topic URL such as https://ntfy.sh/ops-alerts' });
      }
    }
    draft.events.forEach((e, i) => {
      if (!(EVENT_TYPES as readonly string[]).includes(e)) errors.push({ path: `/events/${i}`, message: `unknown event "${e}": one of ${EVENT_TYPES.join(', ')}` });
      else if (draft.events.indexOf(e) !== i) errors.push({ path: `/events/${i}`, message: `"${e}" is listed twice` });
    });
    if (draft.schedules) {
      const known = new Set(await repos.schedules.listIds());
      draft.schedules.forEach((s, i) => {
        if (!known.has(s)) errors.push({ path: `/schedules/${i}`, message: `unknown schedule "${s}"` });
        else if (draft.schedules!.indexOf(s) !== i) errors.push({ path: `/schedules/${i}`, message: `"${s}" is listed twice` });
      });
    }
    if (draft.person !== undefined && !(await people.directory()).has(draft.person)) {
      errors.push({ path: '/person', message: `unknown person "${draft.person}"` });
    }
    if (draft.remindBefore !== undefined) {
      const ms = remindMs(draft.remindBefore);
      if (ms === null) errors.push({ path: '/remindBefore', message: 'must be an ISO-8601 duration of weeks, days, hours or minutes, such as PT24H or P2D' });
      else if (ms < MIN_REMIND_MS || ms > MAX_REMIND_MS) errors.push({ path: '/remindBefore', message: 'must be between PT1M and P30D' });
    }
    return errors;
  }

  /** The person whose channels `caller` manages: everyone's (undefined) for admins, else their own (null: none). */
  async function ownPerson(caller: Caller): Promise<string | null | undefined> {
    if (caller.canWrite) return undefined;
    return caller.userEmail === null ? null : people.linkedTo(caller.userEmail);
  }

  /** Whether a caller whose own person is `own` (see ownPerson) manages `channel`. */
  const manages = (own: string | null | undefined, channel: Pick<Channel, 'personId'>): boolean =>
    own === undefined || (own !== null && channel.personId === own);

  function assertManages(own: string | null | undefined, channel: Pick<Channel, 'personId'>): void {
    if (manages(own, channel)) return;
    throw new ForbiddenError(
      own === null ? 'only admins, and signed-in users for their own person, manage channels' : `viewers manage only channels whose "person" is their own ("${own}")`,
    );
  }

  async function visible(caller: Caller, id: string): Promise<Channel> {
    const channel = await repos.channels.get(id);
    const own = await ownPerson(caller);
    // A channel a viewer may not manage is, to them, a channel that does not exist. A caller
    // with no person of their own (a read token) manages none, not those of no one's person.
    if (!channel || !manages(own, channel)) throw new NotFoundError('channel', id);
    return channel;
  }

  return {
    async list(caller: Caller): Promise<Channel[]> {
      const own = await ownPerson(caller);
      const all = await repos.channels.list();
      return all.filter((c) => manages(own, c));
    },

    get: visible,

    /** Creates or replaces; `secret` is the webhook signing secret when this write issued one (answered once). */
    async put(caller: Caller, id: string, draft: ChannelDraft, options: PutOptions = {}): Promise<{ channel: Channel; created: boolean; secret: string | null }> {
      const own = await ownPerson(caller);
      assertManages(own, { personId: draft.person ?? null });
      const errors = await problemsOf(draft);
      if (errors.length > 0) throw new ValidationError(errors);
      const input: ChannelInput = {
        name: draft.name,
        kind: draft.kind,
        url: draft.url ?? null,
        to: draft.to ?? null,
        events: draft.events,
        schedules: draft.schedules ?? null,
        personId: draft.person ?? null,
        remindBefore: draft.remindBefore ?? DEFAULT_REMIND_BEFORE,
      };
      return repos.exclusive(async () => {
        await assertCreatable(options, 'channel', id, async () => (await repos.channels.get(id)) !== null);
        return repos.channels.put(id, input, newWebhookSecret(), caller.actor, now(), (existing) => {
          if (existing) assertManages(own, existing);
        });
      });
    },

    async delete(caller: Caller, id: string): Promise<void> {
      const own = await ownPerson(caller);
      const deleted = await repos.channels.delete(id, caller.actor, now(), (existing) => assertManages(own, existing));
      if (!deleted) throw new NotFoundError('channel', id);
    },

    /** A new signing secret for a webhook channel, answered once; the old one stops working. */
    async rotateSecret(caller: Caller, id: string): Promise<string> {
      const channel = await visible(caller, id);
      if (channel.kind !== 'webhook') throw new ValidationError([{ path: '/kind', message: `only webhook channels sign their notices; "${id}" is ${channel.kind}` }]);
      const secret = newWebhookSecret();
      if (!(await repos.channels.setSecret(id, secret, caller.actor, now()))) throw new NotFoundError('channel', id);
      return secret;
    },
  };
}

/** A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
