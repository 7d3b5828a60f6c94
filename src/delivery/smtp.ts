/**
 * Email over SMTP with nodemailer (spec §14: ROTA_SMTP_URL, sender ROTA_MAIL_FROM). One pooled
 * transport for the process (a few connections, reused while notices keep coming), with
 * deadlines on connecting, the greeting and every exchange, so a dead mail server cannot hold a
 * delivery. A notice keeps its id across retries: it is the Message-ID (mail clients drop a
 * second copy) and the X-Rota-Notice-Id header (for filters and receivers that dedupe).
 */
import nodemailer, { type NodemailerError } from 'nodemailer';
import { fit } from '../render/notices/fit.js';
import { DeliveryError } from './errors.js';

export interface SmtpConfig {
  /** ROTA_SMTP_URL: smtp://[user:password@]host[:port] (STARTTLS when offered) or smtps://… (TLS). */
  url: string;
  /** ROTA_MAIL_FROM: "Rota <rota@example.com>" or an address. */
  from: string;
  /** Deadline of the connection, the greeting and each exchange; default 10 s. */
  timeoutMs?: number;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  noticeId: string;
}

export interface SmtpSender {
  /** Resolves once the server accepted the message; rejects with a DeliveryError. */
  send(mail: OutgoingMail): Promise<void>;
  /** Closes the pooled connections (at shutdown). */
  close(): void;
}

/** Problems no retry fixes: a bad envelope, a bad configuration, missing credentials. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'ECONFIG', 'ENOAUTH']);

function smtpError(err: NodemailerError): DeliveryError {
  const reply = err.response?.split(/\r?\n/)[0] ?? err.message;
  // An SMTP reply says itself whether it is final (5xx but 503); without one, the code does.
  const permanent = err.responseCode !== undefined ? err.permanent === true : PERMANENT_CODES.has(err.code ?? '');
  return new DeliveryError(`SMTP ${err.code ?? 'error'}: ${fit(reply, 200)}`, { retryable: !permanent });
}

/** The domain of the sender's address, for Message-IDs. */
function senderDomain(from: string): string {
  return /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? 'rota.invalid';
}

export function createSmtpSender(config: SmtpConfig): SmtpSender {
  const protocol = new URL(config.url).protocol;
  if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new Error('ROTA_SMTP_URL must be an smtp:// or smtps:// URL');
  const timeout = config.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport(
    { url: config.url, pool: true, maxConnections: 2, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout },
    { from: config.from },
  );
  const domain = senderDomain(config.from);
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: `<${mail.noticeId}@${domain}>`,
          headers: { 'X-Rota-Notice-Id': mail.noticeId },
        });
      } catch (err) {
        throw smtpError(err as NodemailerError);
      }
    },
    close() {
      transport.close();
    },
  };
}
