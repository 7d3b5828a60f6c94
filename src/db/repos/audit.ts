import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Actor } from '../audit.js';
import type { Database } from '../database.js';

/** One audit entry as it is read back: who, what, when (spec §11). */
export interface AuditEntry {
  id: number;
  at: number;
  actor: Actor;
  action: 'create' | 'update' | 'delete';
  resource: string;
  resourceId: string;
  /** The {before, after} summary the writing repository recorded. */
  summary: unknown;
}

export interface AuditQuery {
  /** Inclusive lower bound, epoch ms. */
  from?: number;
  /** Exclusive upper bound, epoch ms. */
  to?: number;
  resource?: string;
  limit: number;
}

export type AuditRepository = ReturnType<typeof auditRepository>;

/** Reads the audit trail; entries are written by the audit trail (../audit.ts) inside each repository's own write. */
export function auditRepository({ db, tables: { auditLog } }: Database) {
  return {
    /** Matching entries, newest first (id breaks ties between entries of the same millisecond). */
    async list(query: AuditQuery): Promise<AuditEntry[]> {
      const conditions: SQL[] = [];
      if (query.from !== undefined) conditions.push(gte(auditLog.at, query.from));
      if (query.to !== undefined) conditions.push(lt(auditLog.at, query.to));
      if (query.resource !== undefined) conditions.push(eq(auditLog.resource, query.resource));
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(...conditions))
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(query.limit);
      return rows.map((row) => ({
        id: row.id,
        at: row.at,
        actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
        action: row.action,
        resource: row.resource,
        resourceId: row.resourceId,
        summary: JSON.parse(row.summary) as unknown,
      }));
    },
  };
}
