/** The audit trail (spec §11): every repository write records one entry in its own transaction. */
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
  at: number = Date.now(),
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
