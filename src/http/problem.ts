/**
 * RFC 9457 problem documents: the one place where every error — ours, Fastify's validation
 * and body-parsing errors, and unexpected ones — becomes `application/problem+json`.
 */
import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { TimelineTooLargeError } from '../engine/index.js';
import { AppError, ValidationError } from '../errors.js';
import { fieldProblems } from './validation-messages.js';

const PROBLEM_TYPE_BASE = 'https://rota.dev/problems/';

const TITLES: Record<number, string> = {
  400: 'Invalid input',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
  507: 'Insufficient storage',
};

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  detail: string,
  extra: Record<string, unknown> = {},
  title = TITLES[status] ?? 'Error',
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: PROBLEM_TYPE_BASE + slug(title), title, status, detail, ...extra });
}

/** Where a Fastify schema error points: `/name`, `/layers/0/id`, `/query/from`, `/params/id`. */
function prefixOf(error: FastifyError): string {
  return error.validationContext === 'querystring' ? '/query' : error.validationContext === 'params' ? '/params' : '';
}

/** PostgreSQL's SQLSTATEs (five characters) and the socket errors of a connection to it. */
const POSTGRES_CODE = /^([0-9][0-9A-Z]{4}|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)$/;

/**
 * The database error behind `error`, if any: better-sqlite3 throws them with a `SQLITE_…` code,
 * pg with a SQLSTATE, and drizzle wraps them (DrizzleQueryError, whose message also holds the
 * query's parameters — a password hash, say — so it is never what gets logged).
 */
function databaseErrorIn(error: unknown): (Error & { code: string }) | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_') || POSTGRES_CODE.test(code))) return e as Error & { code: string };
  }
  return undefined;
}

/**
 * A database that cannot store or read: the disk is full (507), or the file fails — I/O error,
 * read-only, corrupt, locked by another process past the busy timeout (503). Each write is one
 * transaction, which SQLite rolled back, so the request changed nothing and may be retried.
 */
function storageFailure(code: string): { status: number; detail: string } | undefined {
  // PostgreSQL: 53100 disk full; 08… connection lost, 57P0… server shutting down or starting,
  // 53… out of resources, 40… a transaction rolled back (serialization, deadlock).
  if (code === 'SQLITE_FULL' || code === '53100') {
    return { status: 507, detail: 'the server has no disk space left for the database: nothing was changed; retry once space is freed' };
  }
  const failing = ['SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', 'SQLITE_LOCKED'];
  if (failing.some((c) => code === c || code.startsWith(`${c}_`)) || /^(08|57P0|53|40)|^E(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE)$/.test(code)) {
    return { status: 503, detail: 'the database cannot be read or written right now: nothing was changed; retry later' };
  }
  return undefined;
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendProblem(reply, error.status, error.message, error.extra, error.title);
    // A schedule or window too detailed to compute within the engine's budget is the client's ask.
    if (error instanceof TimelineTooLargeError) return sendProblem(reply, 400, error.message);
    if (error.validation) {
      const invalid = new ValidationError(fieldProblems(error.validation as ErrorObject[], prefixOf(error)));
      return sendProblem(reply, 400, invalid.message, invalid.extra);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, body too large, unsupported media type…
      return sendProblem(reply, status, error.message);
    }
    const databaseError = databaseErrorIn(error);
    const storage = databaseError && storageFailure(databaseError.code);
    if (storage) {
      request.log.error({ code: databaseError.code, message: databaseError.message }, 'storage failure');
      return sendProblem(reply, storage.status, storage.detail);
    }
    request.log.error({ err: databaseError ?? error }, 'unhandled error');
    return sendProblem(reply, 500, 'the server failed to answer this request');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, `no route ${request.method} ${request.url.split('?')[0]}`),
  );
}
