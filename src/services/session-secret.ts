/**
 * The secret session tokens are signed with (spec §10): generated once and kept in the settings
 * table unless ROTA_JWT_SECRET pins it. Rotating it ends every session at once — on every
 * instance: the stored secret is cached here until a change of the setting is announced.
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
  let stored: string | null = null;
  // Bumped by every change of the setting, so a load that raced a rotation does not keep the old secret.
  let generation = 0;

  return {
    /** The pinned secret, else the stored one (made on first use). */
    async current(pinned: string | undefined): Promise<string> {
      if (pinned !== undefined) return pinned;
      if (stored !== null) return stored;
      const started = generation;
      const secret = await repos.settings.getOrCreate(SESSION_SECRET_SETTING, newSessionSecret);
      if (started === generation) stored = secret;
      return secret;
    },

    /** A setting changed (here or on another instance): forget the secret if it was this one. */
    invalidate(key: string | null): void {
      if (key !== null && key !== SESSION_SECRET_SETTING) return;
      stored = null;
      generation++;
    },

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
