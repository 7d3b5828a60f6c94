/**
 * An acknowledged write survives kill -9: concurrent writers over real HTTP, the server killed
 * mid-stream, restarted on the same file — every write that got a 2xx is there, and the file
 * passes integrity_check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { loginOver, startChildServer, type ChildServer } from './child-server.js';

const WRITERS = 8;
const KILL_AFTER_ACKS = 400;

const dir = mkdtempSync(join(tmpdir(), 'rota-kill9-'));
const dbPath = join(dir, 'rota.db');
let server: ChildServer | undefined;

afterAll(async () => {
  if (server && server.process.exitCode === null) {
    server.process.kill('SIGKILL');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

it('keeps every acknowledged write across kill -9 during concurrent writes', { timeout: 90_000 }, async () => {
  server = await startChildServer(dbPath);
  const token = await loginOver(server.base);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const acknowledged: string[] = [];
  const failures: string[] = [];
  let killed = false;

  async function writer(w: number): Promise<void> {
    for (let k = 0; !killed; k++) {
      const id = `w${w}-${k}`;
      try {
        const res = await fetch(`${server!.base}/api/v1/people/${id}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ name: `Writer ${w} #${k}`, email: `${id}@example.com` }),
        });
        if (res.status === 201) acknowledged.push(id);
        else if (!killed) failures.push(`${id}: ${res.status} ${await res.text()}`);
      } catch {
        // The connection died with the server: this write was never acknowledged.
        if (!killed) failures.push(`${id}: connection failed before the kill`);
      }
      if (acknowledged.length >= KILL_AFTER_ACKS && !killed) {
        killed = true;
        server!.process.kill('SIGKILL');
      }
    }
  }
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  await server.exited;

  // No writer saw SQLITE_BUSY, a 5xx or anything but 201 while the server was alive.
  expect(failures).toEqual([]);

  server = await startChildServer(dbPath);
  const after = await fetch(`${server.base}/api/v1/people`, { headers: { authorization: `Bearer ${await loginOver(server.base)}` } });
  const present = new Set(((await after.json()) as { items: { id: string }[] }).items.map((p) => p.id));
  const lost = acknowledged.filter((id) => !present.has(id));
  console.log(`kill -9: ${acknowledged.length} writes acknowledged by ${WRITERS} writers, ${lost.length} lost, ${present.size - acknowledged.length} unacknowledged but committed`);
  expect(lost).toEqual([]);

  server.process.kill('SIGTERM');
  await server.exited;
  const db = new Database(dbPath, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
});
