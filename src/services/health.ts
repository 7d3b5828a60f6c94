/** Whether this server can answer, and whether it leads (GET /healthz, for load balancers and uptime checks). */
import type { Repositories } from '../db/index.js';

export type HealthService = ReturnType<typeof healthService>;

export function healthService(repos: Repositories) {
  return {
    /** True when the database answers from its tables (a corrupt or unreadable file does not). */
    databaseAnswers: (): Promise<boolean> => repos.ping(),
    /** Whether this instance does the background work (always on SQLite; one instance at a time on PostgreSQL). */
    isLeader: (): boolean => repos.leadership.isLeader(),
  };
}
