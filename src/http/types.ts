import type { AppConfig } from '../config.js';
import type { Actor, Services } from '../services/index.js';

/** Who is calling, resolved from the bearer credential. */
export interface Principal {
  actor: Actor;
  /** admin users and admin-scoped tokens may write. */
  canWrite: boolean;
  /** The signed-in user, when the credential is a session (not an API token). */
  user: { id: string; email: string; role: 'admin' | 'viewer' } | null;
}

/**
 * What a route requires: `public` (login, feeds), `read` (any valid credential), `admin`
 * (an admin user or admin token). Default: GET/HEAD read, everything else admin.
 */
export type Access = 'public' | 'read' | 'admin';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    config: AppConfig;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}
