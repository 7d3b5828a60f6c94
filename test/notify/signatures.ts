/**
 * Standard Webhooks verified by hand, independently of the `standardwebhooks` package Rota signs
 * with: HMAC-SHA256 of "id.timestamp.body" keyed by the base64 after "whsec_".
 */
import { createHmac } from 'node:crypto';
import type { ReceivedRequest } from './receivers.js';

export function signedByHand(secret: string, req: ReceivedRequest): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${req.headers['webhook-id']}.${req.headers['webhook-timestamp']}.${req.body}`).digest('base64');
  return String(req.headers['webhook-signature'])
    .split(' ')
    .some((s) => s === `v1,${expected}`);
}
