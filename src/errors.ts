/**
 * Domain errors. Anything below the HTTP layer throws these; src/http/problem.ts turns each into
 * an RFC 9457 problem with the status named here.
 */
export interface FieldProblem {
  /** JSON pointer into the request (body fields "/name", query "/query/from", path "/params/id"). */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    /** Extra members of the problem document (e.g. `gaps`, `references`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

/**
 * Problems one 400 lists: plenty to fix a form or a document, and a bounded answer however many
 * a hostile body provokes (50 layers of 1,000 unknown participants would be 50,000).
 */
export const MAX_LISTED_PROBLEMS = 100;

export class ValidationError extends AppError {
  /** The problems listed: the first MAX_LISTED_PROBLEMS of those found. */
  readonly errors: FieldProblem[];

  constructor(errors: FieldProblem[], detail?: string) {
    const listed = errors.slice(0, MAX_LISTED_PROBLEMS);
    const more = errors.length - listed.length;
    const described = listed.map((e) => `${e.path || '/'}: ${e.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
    super(400, 'Invalid input', detail ?? described, { errors: listed });
    this.errors = listed;
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(404, 'Not found', `${what} "${id}" does not exist`);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(409, 'Conflict', detail, extra);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'missing or invalid credentials') {
    super(401, 'Unauthorized', detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super(403, 'Forbidden', detail);
  }
}

/**
 * A create-only write (`If-None-Match: *`, RFC 9110 §13.1.2) found its id taken: 412, naming the
 * id field so that a "new" form shows it there.
 */
export class IdTakenError extends AppError {
  constructor(what: string, id: string) {
    const message = `${what} "${id}" already exists: choose another id, or edit the existing one`;
    super(412, 'Precondition failed', message, { errors: [{ path: '/id', message }] satisfies FieldProblem[] });
  }
}
