/** Calls `wake` at the instant `at` of the app's clock (AppConfig.now); returns the cancel. */
export interface Timer {
  at(at: number, wake: () => void): () => void;
}

/** Runtime configuration, read once from the environment by server.ts and passed to buildApp. */
export interface AppConfig {
  /** SQLite file; its folder is created when missing. Unused when databaseUrl is set. */
  dbPath: string;
  /**
   * postgres://user:password@host:port/database: serve from PostgreSQL instead of the SQLite
   * file, so several instances can share one database. Never logged (it holds the password).
   */
  databaseUrl?: string;
  /** Bootstrap admin for a database with no users (spec §10). */
  adminEmail?: string;
  adminPassword?: string;
  /**
   * Where the one notice for the person starting the server goes — the admin password Rota
   * generated when ROTA_ADMIN_PASSWORD is unset — in plain text, never the JSON log. Default stderr.
   */
  printNotice?: (text: string) => void;
  /**
   * HS256 secret for session JWTs; generated once and kept in the database when absent. When set
   * it pins the secret: POST /api/v1/admin/session-secret/rotate is refused.
   */
  jwtSecret?: string;
  /**
   * Origin used in feed URLs (e.g. https://rota.example.com). When unset, the request's Host is
   * used if it is a well-formed host[:port] (else the feed creation is a 400).
   */
  publicUrl?: string;
  /**
   * Fastify's trustProxy: which reverse proxies' X-Forwarded-For/-Proto/-Host headers are
   * believed: true (any) or the proxies' addresses/CIDRs, comma-separated. Unset: none, so a
   * client cannot claim another address (rate limits) or https (HSTS, feed URLs).
   */
  trustProxy?: boolean | string;
  /** Lifetime of a login session. */
  sessionTtlSeconds?: number;
  /**
   * Login attempts allowed per window: `max` per client address and account (default 30),
   * `maxPerAddress` per client address across accounts (default 100), window `windowMs`
   * (default one minute).
   */
  loginRateLimit?: { max?: number; maxPerAddress?: number; windowMs?: number };
  /** Folder of the built web app; default web/dist next to src/. */
  webRoot?: string;
  /** How long one computation in the compute pool may run (default 10 s); past it the request gets a 503. */
  computeDeadlineMs?: number;
  /**
   * ROTA_METRICS_TOKEN: when set, GET /metrics asks for `Authorization: Bearer <token>`; unset,
   * it is open (fine on a private network). Never logged.
   */
  metricsToken?: string;
  /** The clock every decision and stored timestamp comes from (tests hold it: test/clock.ts); default Date.now. */
  now?: () => number;
  /**
   * The source mappers of spec §16 by source (default: src/importers' MAPPERS); tests give their
   * own. Typed loosely: this module sits below src/importers and may not name its types.
   */
  importMappers?: Readonly<Record<string, (document: unknown) => unknown>>;
  /**
   * ROTA_WEBHOOK_ALLOW_PRIVATE=1: channels may post to loopback and link-local addresses (a
   * receiver on the same machine). Off by default: a channel URL must not reach this host's own
   * services or a cloud metadata address.
   */
  webhookAllowPrivate?: boolean;
  /** ROTA_SMTP_URL: the SMTP server email channels send through (smtp:// or smtps://); unset, no email channel. */
  smtpUrl?: string;
  /** ROTA_MAIL_FROM: the sender of notification emails. */
  mailFrom?: string;
  /** How long one delivery attempt may take (connect + answer); default 10 s. */
  deliveryTimeoutMs?: number;
  /** What wakes the notifier at an instant of `now`'s clock (tests move a clock and its timers: test/clock.ts); default setTimeout. */
  timer?: Timer;
  /** ROTA_STATUS_EXPORT_DIR: the leading instance keeps the status page's static files here (index.html, status.json, feed.atom). */
  statusExportDir?: string;
  /** Fastify logger: true for pino defaults, false for silent (tests), or pino options. */
  logger?: boolean | Record<string, unknown>;
}

export interface ListenConfig {
  port: number;
  host: string;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** ROTA_PUBLIC_URL: an absolute http(s) URL, perhaps with a path prefix, without query or fragment. */
function publicUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new Error(`ROTA_PUBLIC_URL must be an http(s) URL such as https://rota.example.com, got "${raw}"`);
  }
  return raw;
}

/** ROTA_DATABASE_URL: a postgres:// (or postgresql://) URL, or unset for the SQLite file. */
function databaseUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  // Not echoed back: the URL holds the password.
  if (!/^postgres(ql)?:\/\//i.test(raw)) throw new Error('ROTA_DATABASE_URL must be a postgres:// URL such as postgres://rota:secret@db.example.com:5432/rota');
  return raw;
}

/** ROTA_SMTP_URL: smtp:// or smtps://, or unset. */
function smtpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  // Not echoed back: the URL may hold the SMTP password.
  if (!/^smtps?:\/\/[^/]/i.test(raw)) throw new Error('ROTA_SMTP_URL must be an smtp:// or smtps:// URL such as smtp://mail.example.com:587');
  return raw;
}

/** ROTA_TRUST_PROXY: "true", "false", or comma-separated addresses/CIDRs (checked by Fastify). */
function trustProxy(raw: string | undefined): boolean | string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig & ListenConfig {
  return {
    port: positiveInt('PORT', env.PORT, 3000),
    host: env.HOST || '0.0.0.0',
    dbPath: env.ROTA_DB || './data/rota.db',
    databaseUrl: databaseUrl(env.ROTA_DATABASE_URL),
    adminEmail: env.ROTA_ADMIN_EMAIL || undefined,
    adminPassword: env.ROTA_ADMIN_PASSWORD || undefined,
    jwtSecret: env.ROTA_JWT_SECRET || undefined,
    publicUrl: publicUrl(env.ROTA_PUBLIC_URL),
    trustProxy: trustProxy(env.ROTA_TRUST_PROXY),
    sessionTtlSeconds: positiveInt('ROTA_SESSION_TTL', env.ROTA_SESSION_TTL, 12 * 3600),
    computeDeadlineMs: positiveInt('ROTA_COMPUTE_DEADLINE_MS', env.ROTA_COMPUTE_DEADLINE_MS, 10_000),
    webhookAllowPrivate: env.ROTA_WEBHOOK_ALLOW_PRIVATE === '1' || env.ROTA_WEBHOOK_ALLOW_PRIVATE === 'true',
    smtpUrl: smtpUrl(env.ROTA_SMTP_URL),
    mailFrom: env.ROTA_MAIL_FROM || undefined,
    statusExportDir: env.ROTA_STATUS_EXPORT_DIR || undefined,
    metricsToken: env.ROTA_METRICS_TOKEN || undefined,
    logger: { level: env.LOG_LEVEL || 'info' },
  };
}
