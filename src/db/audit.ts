/**
 * The audit trail (spec §11): every repository write records one entry in its own transaction.
 * The database layer has no clock: every write is told its instant (`at`) by the service that
 * decided it, so a stored timestamp is always the services' clock (AppConfig.now).
 */
import type { Database, Db } from './database.js';

/** Who is making a change: a signed-in user, an API token, or the server itself. */
export interface Actor {
  type: 'user' | 'token' | 'system';
  id: string;
  /** Human label kept with the entry (email or token name), so it outlives the actor. */
  label: string;
}

export const systemActor: Actor = { type: 'system', id: 'system', label: 'system' };

export type AuditTrail = ReturnType<typeof auditTrail>;

/** How the repositories of `database` write the audit trail. */
export function auditTrail(database: Database) {
  const { auditLog } = database.tables;

  async function record(
    tx: Db,
    actor: Actor,
    action: 'create' | 'update' | 'delete',
    resource: string,
    resourceId: string,
    change: { before?: unknown; after?: unknown },
    at: number,
  ): Promise<void> {
    await tx.insert(auditLog).values({
      at,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action,
      resource,
      resourceId,
      summary: JSON.stringify(change),
    });
  }

  return {
    record,

    /**
     * The one shape of every repository delete: in one write transaction, find the row, let
     * `refuse` throw if it must stay, remove it and record the audit entry (at `at`). False when
     * there is no such row.
     */
    deleteAudited<Row>(
      actor: Actor,
      resource: string,
      id: string,
      at: number,
      steps: {
        find: (tx: Db) => Promise<Row | undefined>;
        remove: (tx: Db) => Promise<unknown>;
        refuse?: (row: Row, tx: Db) => Promise<void>;
        /** What the audit entry keeps of the row (default: the row). */
        summary?: (row: Row) => unknown;
      },
    ): Promise<boolean> {
      return database.transaction(async (tx) => {
        const before = await steps.find(tx);
        if (before === undefined) return false;
        await steps.refuse?.(before, tx);
        await steps.remove(tx);
        await record(tx, actor, 'delete', resource, id, { before: steps.summary ? steps.summary(before) : before }, at);
        return true;
      });
    },
  };
}
