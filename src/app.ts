/**
 * The Rota application as a Fastify instance: plugins, the /api/v1 routes, OpenAPI, the web
 * app. server.ts only reads the environment and listens; tests build it with a temp database.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppConfig } from './config.js';
import { openRepositories, type Repositories } from './db/index.js';
import authPlugin from './http/plugins/auth.js';
import securityHeaders from './http/plugins/security-headers.js';
import { installProblemHandlers, sendProblem } from './http/problem.js';
import adminRoutes from './http/routes/admin.js';
import apiTokenRoutes from './http/routes/api-tokens.js';
import auditRoutes from './http/routes/audit.js';
import authRoutes from './http/routes/auth.js';
import bulletinRoutes from './http/routes/bulletin.js';
import channelRoutes from './http/routes/channels.js';
import exportRoutes from './http/routes/export.js';
import importSourceRoutes from './http/routes/import-source.js';
import healthRoutes from './http/routes/health.js';
import escalationChainRoutes from './http/routes/escalation-chains.js';
import { feedDownloadRoutes, feedRoutes } from './http/routes/feeds.js';
import holidayCalendarRoutes from './http/routes/holiday-calendars.js';
import metricsRoutes, { timeRequests } from './http/routes/metrics.js';
import onCallRoutes from './http/routes/oncall.js';
import overrideRoutes from './http/routes/overrides.js';
import peopleRoutes, { PersonSchema } from './http/routes/people.js';
import scheduleRoutes from './http/routes/schedules.js';
import statusRoutes from './http/routes/status.js';
import timeOffRoutes from './http/routes/time-off.js';
import userRoutes from './http/routes/users.js';
import { ProblemSchema } from './http/schemas.js';
import { OnCallSchema } from './http/views.js';
import { schemaController } from './http/validation.js';
import './http/types.js';
import { createServices, type Services } from './services/index.js';
import type { Mappers } from './services/moving-in.js';
import { createComputePool } from './compute/pool.js';
import { createSmtpSender } from './delivery/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const BODY_LIMIT = 1024 * 1024;
/** How long one computation (a timeline, coverage, a coverage check) may run before it is stopped. */
const DEFAULT_COMPUTE_DEADLINE_MS = 10_000;
/** How long one notice delivery may take, connecting included. */
const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
/** The sender of notification emails when ROTA_MAIL_FROM is not set. */
const DEFAULT_MAIL_FROM = 'Rota <rota@localhost>';

/** Percent-decodes byte by byte (never throws), until nothing changes: `%252F` → `%2F` → `/`. */
function decodeFully(path: string): string {
  for (let i = 0; i < 4 && path.includes('%'); i++) {
    const next = path.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === path) break;
    path = next;
  }
  return path;
}

/**
 * Secrets in URLs (feed tokens) never reach the log: whatever follows a `feeds` segment of the
 * path is replaced, however the client spelt it — any case, repeated or backslashed slashes,
 * percent-encoded letters or slashes (`/FEEDS//x`, `/feeds%2Fx`, `/%66eeds/x`).
 */
export function redactUrl(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  // The cheap test first: this runs for every request the log records.
  if (!/feeds|%/i.test(path)) return url;
  const segments = decodeFully(path).split(/[/\\]+/);
  const at = segments.findIndex((s) => s.toLowerCase() === 'feeds');
  if (at === -1 || at === segments.length - 1 || segments.slice(at + 1).every((s) => s === '')) return url;
  return `${segments.slice(0, at + 1).join('/')}/[redacted]${end === -1 ? '' : url.slice(end)}`;
}

/** The address of the first admin when ROTA_ADMIN_EMAIL is not set. */
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/**
 * What the person starting the server reads once when Rota chose the admin's password: plain
 * lines with the email, the password and how to change it — never in the JSON log, which is
 * kept and shipped elsewhere.
 */
function generatedPasswordNotice(email: string, password: string, existing: boolean): string {
  const rule = '-'.repeat(72);
  return [
    rule,
    existing
      ? 'Rota: no admin could sign in (a restored admin backup has no passwords), so this admin got a new password:'
      : 'Rota: created the first admin. Sign in with',
    '',
    `  email:    ${email}`,
    `  password: ${password}`,
    '',
    'It is shown this once. Change it after signing in: "Change password" at the top right of the',
    'web app, or POST /api/v1/auth/password {"currentPassword", "newPassword"} (see README.md).',
    'To choose the first admin yourself, start with ROTA_ADMIN_EMAIL and ROTA_ADMIN_PASSWORD set.',
    rule,
    '',
  ].join('\n');
}

/**
 * Makes sure an admin can sign in (spec §10): the admin of ROTA_ADMIN_EMAIL (default
 * admin@localhost) gets ROTA_ADMIN_PASSWORD, or a random password printed once (see
 * UsersService.ensureAdmin).
 */
async function bootstrapAdmin(services: Services, config: AppConfig, log: FastifyInstance['log']): Promise<void> {
  const email = (config.adminEmail ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
  const made = await services.users.ensureAdmin(email, config.adminPassword);
  if (!made) return;
  const what = made.promoted ? 'no admin could sign in (a restored API backup has no passwords): set the password of the admin' : 'created the first admin';
  if (config.adminPassword) {
    log.info({ email }, `${what} from ROTA_ADMIN_EMAIL / ROTA_ADMIN_PASSWORD`);
    return;
  }
  log.warn({ email }, `${what} with a generated password, printed once on the terminal (not in this log)`);
  (config.printNotice ?? ((text) => process.stderr.write(text)))(generatedPasswordNotice(email, made.password, made.promoted));
}

/** One line per answered request, with the request id that error lines also carry. */
function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    app.log.info({ reqId: request.id, req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime }, 'request completed');
    done();
  });
}

/** The Fastify server options of the app (also used by the HTTP benchmark's baseline server). */
export function fastifyOptions(config: Pick<AppConfig, 'logger' | 'trustProxy'>) {
  return {
    trustProxy: config.trustProxy ?? false,
    logger:
      config.logger === false
        ? false
        : {
            ...(typeof config.logger === 'object' ? config.logger : {}),
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
            },
          },
    bodyLimit: BODY_LIMIT,
    // A malformed (%ZZ) or over-long path parameter is rejected by the router before any error
    // handler runs; without this it would answer plain JSON instead of a problem document.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(reply, error.statusCode ?? 400, error.message, {}, error.statusCode === 414 ? 'URI too long' : undefined),
    schemaController,
    exposeHeadRoutes: true,
    // One log line per request (see logRequests) and no child logger per request: the routes
    // alerting tools poll many times a second should cost little more than a bare route.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger: FastifyBaseLogger) => logger,
  };
}

/**
 * The app serving `repos` (default: the database config names — PostgreSQL at
 * config.databaseUrl, else the SQLite file at config.dbPath), which it owns from then on and
 * closes with itself. Only the services see the repositories; a caller that passes its own
 * keeps a handle on the connection (tests fill a disk or close it under the server).
 */
export async function buildApp(config: AppConfig, given?: Repositories): Promise<FastifyInstance> {
  const repos = given ?? (await openRepositories(config));
  const app = Fastify(fastifyOptions(config)).withTypeProvider<TypeBoxTypeProvider>();

  const pool = createComputePool({ deadlineMs: config.computeDeadlineMs ?? DEFAULT_COMPUTE_DEADLINE_MS });
  const now = config.now ?? Date.now;
  const allowPrivate = config.webhookAllowPrivate ?? false;
  const smtp = config.smtpUrl ? createSmtpSender({ url: config.smtpUrl, from: config.mailFrom ?? DEFAULT_MAIL_FROM }) : null;
  const services = createServices({
    repos,
    pool,
    now,
    timer: config.timer,
    publicUrl: config.publicUrl ?? null,
    notifications: {
      allowPrivate,
      smtpConfigured: smtp !== null,
      delivery: { timeoutMs: config.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS, allowPrivate, smtp },
    },
    statusExportDir: config.statusExportDir ?? null,
    log: app.log,
    // AppConfig may not name the mappers' types (it sits below src/importers); they are these.
    ...(config.importMappers ? { mappers: config.importMappers as Mappers } : {}),
  });
  app.decorate('services', services);
  app.decorate('config', config);
  logRequests(app);
  timeRequests(app);
  app.addHook('onClose', async () => {
    await services.statusPage.close();
    await services.notifications.notifier.close();
    smtp?.close();
    await pool.close();
    await repos.close();
  });

  try {
    await bootstrapAdmin(services, config, app.log);

    installProblemHandlers(app);
    // A JSON API: any other body is 415, not parsed as text.
    app.removeContentTypeParser('text/plain');
    app.addSchema(ProblemSchema);
    app.addSchema(PersonSchema);
    app.addSchema(OnCallSchema);

    await app.register(securityHeaders, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          // Rota is often run on plain http inside a network; don't force https sub-requests.
          upgradeInsecureRequests: null,
        },
      },
    });
    // Only for app.createRateLimit (the sign-in limits in routes/auth.ts); no route is limited globally.
    await app.register(fastifyRateLimit, { global: false });
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Rota API',
          version: '1.0.0',
          description: 'On-call rotations, overrides, who is on call, coverage, escalation chains and iCal feeds.',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Session JWT or API token' } } },
        security: [{ bearer: [] }],
      },
    });
    await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

    await app.register(healthRoutes);
    await app.register(metricsRoutes);
    // Outside /api/v1 and its bearer auth: the feed URL is the credential.
    await app.register(feedDownloadRoutes);
    // Public: what everyone reads during an outage.
    await app.register(statusRoutes);
    await app.register(
      async (api) => {
        await api.register(authPlugin, { pinnedSecret: config.jwtSecret, sessionTtlSeconds: config.sessionTtlSeconds ?? 12 * 3600 });
        await api.register(authRoutes);
        await api.register(userRoutes);
        await api.register(apiTokenRoutes);
        await api.register(peopleRoutes);
        await api.register(holidayCalendarRoutes);
        await api.register(scheduleRoutes);
        await api.register(overrideRoutes);
        await api.register(timeOffRoutes);
        await api.register(onCallRoutes);
        await api.register(escalationChainRoutes);
        await api.register(auditRoutes);
        await api.register(adminRoutes);
        await api.register(exportRoutes);
        await api.register(importSourceRoutes);
        await api.register(feedRoutes);
        await api.register(channelRoutes);
        await api.register(bulletinRoutes);
      },
      { prefix: '/api/v1' },
    );

    const webRoot = config.webRoot ?? resolve(here, '../web/dist');
    if (existsSync(webRoot)) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
    await app.ready();
    // Notices go out once the app serves (on the instance that leads: see notifications/notifier.ts).
    await services.notifications.notifier.open();
    services.statusPage.open();
  } catch (err) {
    await services.notifications.notifier.close();
    smtp?.close();
    await pool.close();
    await repos.close();
    throw err;
  }
  return app;
}
