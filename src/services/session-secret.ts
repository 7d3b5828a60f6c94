/**
 * The secret session tokens are signed with (spec §10): generated once and kept in the settings
 * table unless ROTA_JWT_SECRET pins it. Rotating it ends every session at once.
 */
import { randomBytes } from 'node:crypto';
import type { Actor, Repositories } from '../db/index.js';
import { ConflictError } from '../errors.js';

/** Where the generated session secret is kept (the settings table). */
const SESSION_SECRET_SETTING = 'jwt-secret';

function newSessionSecret(): string {
  return randomBytes(48).toString('base64url');
}

export type SessionSecretService = ReturnType<typeof sessionSecretService>;

export function sessionSecretService(repos: Repositories, now: () => number) {
  return {
    /** The pinned secret, else the stored one (made on first use). */
    current: (pinned: string | undefined) => (pinned !== undefined ? Promise.resolve(pinned) : repos.settings.getOrCreate(SESSION_SECRET_SETTING, newSessionSecret)),

    /** Stores and returns a new secret; refused while ROTA_JWT_SECRET pins it. */
    async rotate(pinned: string | undefined, actor: Actor): Promise<string> {
      if (pinned !== undefined) {
        throw new ConflictError('the session secret is set by ROTA_JWT_SECRET: change that variable and restart to end every session');
      }
      const next = newSessionSecret();
      await repos.settings.replace(SESSION_SECRET_SETTING, next, actor, now());
      return next;
    },
  };
}
