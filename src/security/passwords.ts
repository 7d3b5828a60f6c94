/**
 * Password hashing with node:crypto scrypt. Stored as `scrypt$N$r$p$salt$hash` (base64url) so
 * the cost can be raised later without breaking existing hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../errors.js';
import { WorkLimiter } from './work-limiter.js';

const KEY_LENGTH = 64;
const COST = { N: 16384, r: 8, p: 1 };

/** Answered (503 with Retry-After) when more passwords wait to be hashed than the queue holds. */
export class PasswordHashingBusyError extends AppError {
  readonly retryAfterSeconds = 1;
  constructor() {
    super(503, 'Service unavailable', 'too many sign-ins are being checked at once; retry in a second');
  }
}

/**
 * scrypt runs on libuv's thread pool (4 threads, shared with file I/O). A flood of logins must
 * not take all of them nor queue without end: two hash at once, 16 more may wait (under a
 * second at ~50 ms a hash), and the rest are refused at once.
 */
const hashing = new WorkLimiter(2, 16, () => new PasswordHashingBusyError());

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return hashing.run(
    () =>
      new Promise((resolve, reject) =>
        scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(key, expected);
}

/**
 * A hash of a random password, checked when the email is unknown so a login attempt takes the
 * same time whether or not the account exists.
 */
export const decoyHash = await hashPassword(randomBytes(16).toString('hex'));
