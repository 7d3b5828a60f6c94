/**
 * The audit trail (spec §11): every repository write records one entry in its own transaction.
 * The database layer has no clock: every write is told its instant (`at`) by the service that
 * decided it, so a stored timestamp is always the services' clock (AppConfig.now).
 */
import { auditLog } from './schema.js';
import type { Db } from './client.js';

/** Who is making a change: a signed-in user, an API token, or the server itself. */
export interface Actor {
  type: 'user' | 'token' | 'system';
  id: string;
  /** Human label kept with the entry (email or token name), so it outlives the actor. */
  label: string;
}

export const systemActor: Actor = { type: 'system', id: 'system', label: 'system' };

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export function recordAudit(
  tx: Tx | Db,
  actor: Actor,
  action: 'create' | 'update' | 'delete',
  resource: string,
  resourceId: string,
  change: { before?: unknown; after?: unknown },
  at: number,
): void {
  tx.insert(auditLog)
    .values({
      at,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action,
      resource,
      resourceId,
      summary: JSON.stringify(change),
    })
    .run();
}

/**
 * The one shape of every repository delete: in one immediate transaction, find the row, let
 * `refuse` throw if it must stay, remove it and record the audit entry (at `at`). False when
 * there is no such row.
 */
export function deleteAudited<Row>(
  db: Db,
  actor: Actor,
  resource: string,
  id: string,
  at: number,
  steps: {
    find: (tx: Tx) => Row | undefined;
    remove: (tx: Tx) => void;
    refuse?: (row: Row, tx: Tx) => void;
    /** What the audit entry keeps of the row (default: the row). */
    summary?: (row: Row) => unknown;
  },
): boolean {
  return db.transaction(
    (tx) => {
      const before = steps.find(tx);
      if (before === undefined) return false;
      steps.refuse?.(before, tx);
      steps.remove(tx);
      recordAudit(tx, actor, 'delete', resource, id, { before: steps.summary ? steps.summary(before) : before }, at);
      return true;
    },
    { behavior: 'immediate' },
  );
}
