/**
 * Security headers on every response, as computed by helmet.
 *
 * Why not @fastify/helmet: it runs helmet's dozen middlewares on every request, which halved
 * the throughput of the routes alerting tools poll (measured: 10k vs 18k req/s for a constant
 * route). Our header set has no per-request parts (no CSP nonces), so helmet computes it once at
 * start and one onRequest hook copies it onto each response. A route may still set its own
 * value (the CSP of /docs, a feed's Referrer-Policy).
 *
 * Strict-Transport-Security goes only on responses to HTTPS requests (RFC 6797 §7.2: a browser
 * ignores it over plain HTTP, and Rota is often served on plain HTTP inside a network). Behind a
 * TLS-terminating proxy, `request.protocol` is https only when ROTA_TRUST_PROXY lets Fastify
 * believe the proxy's X-Forwarded-Proto.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance } from 'fastify';

/** Runs helmet once against a stand-in response and keeps what it set. */
function computeHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return headers;
}

/**
 * JSON answers of /api/v1 are never rendered as documents, so most of helmet's set (cross-origin
 * policies, DNS prefetch, download options…) means nothing there and only costs the routes
 * alerting tools poll; they get the set OWASP's REST cheat sheet names for APIs.
 */
const API_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

async function securityHeaders(app: FastifyInstance, options: HelmetOptions) {
  const { 'strict-transport-security': hsts, ...documents } = computeHeaders(options);
  const withHsts = (set: Record<string, string>) => (hsts === undefined ? set : { ...set, 'strict-transport-security': hsts });
  const sets = { document: { http: documents, https: withHsts(documents) }, api: { http: API_HEADERS, https: withHsts(API_HEADERS) } };
  // Set before the handler runs, so a route's own value (e.g. /docs' CSP) replaces ours.
  app.addHook('onRequest', (request, reply, done) => {
    const set = request.url.startsWith('/api/') ? sets.api : sets.document;
    reply.headers(request.protocol === 'https' ? set.https : set.http);
    done();
  });
}

export default fp(securityHeaders, { name: 'rota-security-headers' });
