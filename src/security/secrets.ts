/**
 * Bearer secrets (API tokens, feed tokens): 256 random bits, shown once, stored as SHA-256.
 * A plain hash suffices for secrets with this much entropy; lookups go by hash and the final
 * comparison is constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Compares a hash already computed from the presented secret with the stored one, in constant
 * time: a caller that looked a row up by the hash need not hash the secret a second time.
 */
export function hashesMatch(computedHash: string, storedHash: string): boolean {
  const a = Buffer.from(computedHash, 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
