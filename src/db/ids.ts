import { randomBytes } from 'node:crypto';

/** A server-chosen id that is also a valid slug: `usr-3f9a1c2b7d4e`. */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
