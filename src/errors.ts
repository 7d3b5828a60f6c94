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

export class ValidationError extends AppError {
  constructor(
    readonly errors: FieldProblem[],
    detail = errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; '),
  ) {
    super(400, 'Invalid input', detail, { errors });
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
