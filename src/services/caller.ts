import type { Actor } from '../db/index.js';

/**
 * Who is asking, as far as rules about one's own things care (feeds, reminder channels): an admin
 * manages everything; a signed-in viewer what belongs to their own person (spec §10).
 */
export interface Caller {
  actor: Actor;
  /** An admin user or an admin-scoped token. */
  canWrite: boolean;
  /** The signed-in user's email; null for API tokens. */
  userEmail: string | null;
}
