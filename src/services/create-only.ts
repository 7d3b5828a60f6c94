/**
 * Create-only writes. `PUT /api/v1/<kind>/<id>` creates or replaces (spec §1), which scripts
 * rely on; a form adding a new item must never replace one that exists, so it asks for "create
 * only" (`If-None-Match: *` over HTTP) and an id that is taken is refused. The check runs inside
 * the write's exclusive section: no other write can create the id between check and write.
 */
import { IdTakenError } from '../errors.js';

export interface PutOptions {
  /** Refuse (IdTakenError, 412) instead of replacing when the id exists. */
  createOnly?: boolean;
}

/** Throws IdTakenError when `options` ask for create-only and `exists` says the id is taken. */
export async function assertCreatable(options: PutOptions, what: string, id: string, exists: () => Promise<boolean>): Promise<void> {
  if (options.createOnly && (await exists())) throw new IdTakenError(what, id);
}
