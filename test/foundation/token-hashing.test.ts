/**
 * The polled route's token check costs one SHA-256 of the presented token per request, cache
 * hit or not. node:crypto is wrapped (passing everything through) only to count what is hashed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from '../helpers.js';

const hashed = vi.hoisted(() => [] as string[]);

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const createHash: typeof real.createHash = (algorithm, options) => {
    const hash = real.createHash(algorithm, options);
    const update = hash.update.bind(hash) as (data: unknown, encoding?: unknown) => typeof hash;
    hash.update = ((data: unknown, encoding?: unknown) => {
      hashed.push(String(data));
      return update(data, encoding);
    }) as typeof hash.update;
    return hash;
  };
  return { ...real, default: { ...real, createHash }, createHash };
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('API token check', () => {
  it('hashes the token once per request, also when its row comes from the cache', async () => {
    server = await startServer();
    const { token } = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'pager', scope: 'read' } })).json();
    for (let i = 0; i < 3; i++) {
      hashed.length = 0;
      expect((await server.call({ method: 'GET', url: '/api/v1/oncall', token })).statusCode).toBe(200);
      expect(hashed.filter((data) => data === token)).toHaveLength(1);
    }
  });
});
