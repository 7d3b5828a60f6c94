/**
 * One delivery attempt of a notice to a channel (spec §14): render it in the channel's format,
 * send it, and say how it went — never with a secret in the words: no URL path or query (where
 * Slack, Discord and ntfy put their tokens), no signing secret, no SMTP password.
 *
 * The generic webhook is signed as Standard Webhooks by the `standardwebhooks` package: the
 * webhook-id is the notice id (the same on every retry, receivers dedupe on it), the timestamp the
 * real time of this attempt — receivers compare it with their own clock, so it must not be the
 * app's held test clock or the notice's time.
 */
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { discordBody } from '../render/notices/discord.js';
import { emailMessage } from '../render/notices/email.js';
import { ntfyRequest } from '../render/notices/ntfy.js';
import { slackBody } from '../render/notices/slack.js';
import { teamsBody } from '../render/notices/teams.js';
import type { NoticeToRender, RenderContext } from '../render/notices/types.js';
import { webhookBody } from '../render/notices/webhook.js';
import { DeliveryError } from './errors.js';
import { postJson } from './http.js';
import type { SmtpSender } from './smtp.js';

export type ChannelKind = 'webhook' | 'slack' | 'teams' | 'discord' | 'ntfy' | 'email';

/** What a delivery needs of a channel. */
export interface DeliveryChannel {
  kind: ChannelKind;
  /** Every kind but email. */
  url: string | null;
  /** Email only. */
  to: string | null;
  /** Webhook only: "whsec_…". */
  secret: string | null;
}

export interface DeliveryOptions {
  /** Deadline of an HTTP delivery (connect + answer). */
  timeoutMs: number;
  /** ROTA_WEBHOOK_ALLOW_PRIVATE=1: post to loopback / link-local addresses too. */
  allowPrivate: boolean;
  /** The SMTP transport, or null when ROTA_SMTP_URL is unset. */
  smtp: SmtpSender | null;
}

export type DeliveryResult =
  | { ok: true }
  | {
      ok: false;
      /** Short, for the delivery log; holds no secret. */
      error: string;
      /** Whether a later attempt may succeed (network errors, timeouts, 5xx, 408, 429, SMTP 4xx). */
      retryable: boolean;
      /** The receiver's Retry-After, when it gave one with a retryable answer. */
      retryAfterMs?: number;
    };

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
export const USER_AGENT = `Rota/${version}`;

function required(value: string | null, what: string): string {
  if (value === null) throw new DeliveryError(`the channel has no ${what}`, { retryable: false });
  return value;
}

function signatureHeaders(secret: string, id: string, body: string): Record<string, string> {
  let signer: Webhook;
  try {
    signer = new Webhook(secret);
  } catch {
    throw new DeliveryError('the channel signing secret is not valid', { retryable: false });
  }
  const sentAt = new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': signer.sign(id, sentAt, body),
  };
}

/** The HTTP request of an HTTP kind: where, what, and extra headers. */
function httpRequest(
  kind: Exclude<ChannelKind, 'email'>,
  channel: DeliveryChannel,
  notice: NoticeToRender,
  ctx: RenderContext,
): { url: string; body: string; headers: Record<string, string> } {
  const url = required(channel.url, 'URL');
  switch (kind) {
    case 'webhook': {
      const body = webhookBody(notice);
      return { url, body, headers: signatureHeaders(required(channel.secret, 'signing secret'), notice.id, body) };
    }
    case 'slack':
      return { url, body: JSON.stringify(slackBody(notice, ctx)), headers: {} };
    case 'teams':
      return { url, body: JSON.stringify(teamsBody(notice, ctx)), headers: {} };
    case 'discord':
      return { url, body: JSON.stringify(discordBody(notice, ctx)), headers: {} };
    case 'ntfy': {
      const request = ntfyRequest(url, notice, ctx);
      if (request === null) throw new DeliveryError('the ntfy URL names no topic', { retryable: false });
      return { url: request.url, body: JSON.stringify(request.body), headers: {} };
    }
  }
}

/** A receiver's answer as a result: 2xx delivered; 5xx, 408 and 429 worth another try. */
function answerResult(status: number, retryAfterMs: number | null, host: string): DeliveryResult {
  if (status >= 200 && status < 300) return { ok: true };
  const retryable = status >= 500 || status === 408 || status === 429;
  const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
  return { ok: false, error: `HTTP ${status} from ${host}${redirect}`, retryable, ...(retryable && retryAfterMs !== null ? { retryAfterMs } : {}) };
}

async function attempt(channel: DeliveryChannel, notice: NoticeToRender, ctx: RenderContext, options: DeliveryOptions): Promise<DeliveryResult> {
  if (channel.kind === 'email') {
    if (options.smtp === null) throw new DeliveryError('email is not set up (ROTA_SMTP_URL is unset)', { retryable: false });
    await options.smtp.send({ to: required(channel.to, 'address'), noticeId: notice.id, ...emailMessage(notice, ctx) });
    return { ok: true };
  }
  const request = httpRequest(channel.kind, channel, notice, ctx);
  const headers = { 'user-agent': USER_AGENT, ...request.headers };
  const answer = await postJson(request.url, request.body, headers, { timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate });
  return answerResult(answer.status, answer.retryAfterMs, new URL(request.url).host);
}

/** Sends `notice` to `channel` once. Never rejects for a failed delivery: that is a result (it rejects only on a bug). */
export async function deliver(channel: DeliveryChannel, notice: NoticeToRender, ctx: RenderContext, options: DeliveryOptions): Promise<DeliveryResult> {
  try {
    return await attempt(channel, notice, ctx, options);
  } catch (err) {
    if (err instanceof DeliveryError) return { ok: false, error: err.message, retryable: err.retryable };
    throw err;
  }
}
