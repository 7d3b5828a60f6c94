/**
 * One JSON POST to a receiver, bounded in every way a slow or hostile receiver could hold Rota:
 * one deadline for connecting, sending and the answer (default 10 s); at most 64 KiB of the
 * answer read (and thrown away: only the status matters); no redirect followed (a 3xx is an
 * answer like any other). Unless private targets are allowed, the host is checked as written
 * and every address its name resolves to is checked before connecting (DNS rebinding).
 * Connections are kept alive and reused per host (a burst of handoffs posts hundreds of notices
 * to one Slack or Teams endpoint: one TLS handshake, not hundreds). A reused socket goes to the
 * address that was checked when it was opened; a new one is checked again.
 */
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivate, privateAddressProblem } from './addresses.js';
import { DeliveryError } from './errors.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Most of an answer read: enough to let a receiver finish writing a short body, no more. */
const ANSWER_READ_MAX = 64 * 1024;

export interface PostOptions {
  /** Deadline for the whole exchange; default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Post to loopback / link-local / unspecified addresses too (ROTA_WEBHOOK_ALLOW_PRIVATE=1). */
  allowPrivate: boolean;
}

export interface PostResult {
  status: number;
  /** The answer's Retry-After in ms when it gave a number of seconds, else null. */
  retryAfterMs: number | null;
}

/** dns.lookup that fails when any address of the name is one Rota does not post to. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const refused = addresses.find((a) => isPrivate(a.address));
    if (refused) {
      const problem = privateAddressProblem(refused.address);
      return callback(new DeliveryError(`refused: ${hostname} resolves to ${problem}`, { retryable: false }), '');
    }
    const [first] = addresses;
    if (options.all || first === undefined) return callback(null, addresses);
    callback(null, first.address, first.family);
  });
};

/** Idle kept-alive sockets close after this long: before receivers close theirs (Node servers after 5 s), so a reused socket is rarely one the receiver is closing. */
const IDLE_SOCKET_MS = 4_000;

/** Keep-alive agents, by scheme and whether resolved addresses are checked. */
const agents = new Map<string, http.Agent>();

function agentFor(protocol: 'http:' | 'https:', guarded: boolean): http.Agent {
  const key = `${protocol}${guarded}`;
  let agent = agents.get(key);
  if (!agent) {
    // Free sockets are unref'd by the agent: they never keep the process alive.
    const options = { keepAlive: true, maxSockets: 16, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const, ...(guarded ? { lookup: guardedLookup } : {}) };
    agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

/** Error codes of Node's sockets and resolver, in words. */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** A failure in words and the host:port — never the path or query, which often hold the receiver's token. */
function networkError(err: NodeJS.ErrnoException, host: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const what = (err.code && NETWORK_ERRORS[err.code]) ?? err.code ?? 'network error';
  return new DeliveryError(`${what} (${host})`, { retryable: true });
}

function retryAfterMs(header: string | undefined): number | null {
  return header !== undefined && /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : null;
}

function targetOf(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new DeliveryError('the URL is not valid', { retryable: false });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new DeliveryError('the URL is not http(s)', { retryable: false });
  return target;
}

/** POST `body` (JSON text) to `url`. Resolves with any answer's status; rejects with a DeliveryError when none came. */
export function postJson(url: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const target = targetOf(url);
  if (!options.allowPrivate) {
    const problem = privateAddressProblem(target.hostname);
    if (problem !== null) return Promise.reject(new DeliveryError(`refused: the host is ${problem}`, { retryable: false }));
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let answer: PostResult | null = null;
    let settled = false;
    const request = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      agent: agentFor(target.protocol as 'http:' | 'https:', !options.allowPrivate),
    });
    /** Ends the exchange; `keep` leaves a fully read answer's socket to the agent for the next notice. */
    const settle = (err: NodeJS.ErrnoException | null, keep = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!keep) request.destroy();
      if (answer !== null) resolve(answer);
      else reject(networkError(err ?? new Error('no answer'), target.host));
    };
    // Past the deadline with the status in hand, the rest of the answer does not matter.
    const timer = setTimeout(
      () => settle(new DeliveryError(`no answer within ${timeoutMs / 1000} s (${target.host})`, { retryable: true })),
      timeoutMs,
    );
    request.on('response', (res) => {
      answer = { status: res.statusCode ?? 0, retryAfterMs: retryAfterMs(res.headers['retry-after']) };
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= ANSWER_READ_MAX) settle(null);
      });
      res.on('end', () => settle(null, true));
      res.on('error', () => settle(null));
    });
    request.on('error', settle);
    request.end(body);
  });
}
