/**
 * Real receivers for notification tests: an HTTP server and an SMTP server, in-process on
 * 127.0.0.1 with a free port, that record what they get. No mock of Rota's code is involved:
 * deliveries go over real sockets.
 *
 * HTTP:
 *   const hook = await startHttpReceiver();
 *   hook.answer(500, 503, { status: 429, headers: { 'retry-after': '7' } }); // the next three answers, then 200s
 *   hook.answer('hang');                   // the next request never gets an answer (timeouts)
 *   … deliver to `${hook.url}/any/path` …
 *   const [first] = await hook.received(1);   // waits (up to 5 s) until one request has arrived
 *   first.method, first.path, first.headers['webhook-id'], JSON.parse(first.body)
 *   await hook.close();
 *
 * SMTP (no auth, no TLS; each message parsed by mailparser):
 *   const mail = await startSmtpReceiver();   // mail.url is smtp://127.0.0.1:<port>
 *   mail.reject(550);                         // the next message is refused with that code, then accepted
 *   const [message] = await mail.received(1);   // ParsedMail: subject, from, to, text, html, headers
 *   await mail.close();
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent ("/hooks/T0?x=1"). */
  path: string;
  /** Lower-case names. */
  headers: IncomingHttpHeaders;
  body: string;
}

/** A status, a status with headers and a body, or 'hang': never answer. */
export type Answer = number | { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface HttpReceiver {
  /** http://127.0.0.1:<port>, without a trailing slash. */
  url: string;
  /** Every request so far, oldest first. */
  requests: ReceivedRequest[];
  /** Answers for the next requests, in order (after those queued before); once they are used up, 200. */
  answer(...answers: Answer[]): void;
  /** The first `count` requests, once they have arrived (rejects after `timeoutMs`, default 5 s). */
  received(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** Resolves with `check()` once it is not null, checked again at each wake-up; rejects after `timeoutMs`. */
function waitFor<T>(check: () => T | null, subscribe: (wake: () => void) => () => void, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const now = check();
    if (now !== null) return resolve(now);
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const unsubscribe = subscribe(() => {
      const value = check();
      if (value === null) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

/** Arrivals: callbacks woken each time something is recorded. */
function arrivals() {
  const listeners = new Set<() => void>();
  return {
    notify: () => [...listeners].forEach((l) => l()),
    subscribe: (wake: () => void) => {
      listeners.add(wake);
      return () => listeners.delete(wake);
    },
  };
}

function respond(res: ServerResponse, answer: Exclude<Answer, 'hang'>) {
  const { status, headers = {}, body = '' } = typeof answer === 'number' ? { status: answer } : answer;
  res.writeHead(status, headers).end(body);
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const queue: Answer[] = [];
  const arrived = arrivals();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = queue.shift() ?? 200;
      if (answer !== 'hang') respond(res, answer);
      arrived.notify();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (...answers) => void queue.push(...answers),
    received: (count, timeoutMs = 5000) =>
      waitFor(() => (requests.length >= count ? requests.slice(0, count) : null), arrived.subscribe, timeoutMs, `${count} HTTP request(s)`),
    close: async () => {
      server.closeAllConnections(); // hanging requests included
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface SmtpReceiver {
  /** smtp://127.0.0.1:<port> */
  url: string;
  /** Every accepted message, parsed, oldest first. */
  messages: ParsedMail[];
  /** Refuse the next messages with these SMTP codes (e.g. 550 permanent, 451 transient), in order. */
  reject(...codes: number[]): void;
  /** The first `count` accepted messages, once they have arrived (rejects after `timeoutMs`, default 5 s). */
  received(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ParsedMail[] = [];
  const refusals: number[] = [];
  const arrived = arrivals();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const code = refusals.shift();
          if (code !== undefined) {
            const err: SMTPServerError = new Error(`refused by the test (${code})`);
            err.responseCode = code;
            return callback(err);
          }
          messages.push(mail);
          callback();
          arrived.notify();
        },
        (err: Error) => callback(err),
      );
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    reject: (...codes) => void refusals.push(...codes),
    received: (count, timeoutMs = 5000) =>
      waitFor(() => (messages.length >= count ? messages.slice(0, count) : null), arrived.subscribe, timeoutMs, `${count} message(s)`),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Receivers a test file starts and closes: `receiver()` in a test, `closeAll()` in afterEach.
 */
export function receiverPool() {
  let open: HttpReceiver[] = [];
  return {
    async receiver(): Promise<HttpReceiver> {
      const hook = await startHttpReceiver();
      open.push(hook);
      return hook;
    },
    async closeAll(): Promise<void> {
      const closing = open;
      open = [];
      await Promise.all(closing.map((h) => h.close()));
    },
  };
}
