/** The audit trail (spec §11): who changed what, when. Entries are written by each write itself. */
import type { Repositories } from '../db/index.js';
import type { AuditEntry, AuditQuery } from '../db/repos/audit.js';

export type { AuditEntry, AuditQuery };

export type AuditService = ReturnType<typeof auditService>;

export function auditService(repos: Repositories) {
  return {
    /** Matching entries, newest first. */
    list: (query: AuditQuery): Promise<AuditEntry[]> => repos.audit.list(query),
  };
}
