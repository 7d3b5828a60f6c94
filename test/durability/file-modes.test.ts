/**
 * The database holds the session secret and password hashes: its folder (when Rota creates it) is
 * 0700, the database, -wal, -shm and every backup 0600 — set explicitly, whatever the umask.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotTo } from '../../src/db/sqlite-backup.js';
import { ADMIN, appWithConnection } from '../helpers.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

let dir: string;
let umask: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rota-modes-'));
  // The common default, under which files are created world-readable unless the mode is set.
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  rmSync(dir, { recursive: true, force: true });
});

async function openAndWrite(dbPath: string) {
  const server = await appWithConnection({ dbPath, adminEmail: ADMIN.email, adminPassword: ADMIN.password, logger: false });
  server.sqlite.prepare("insert or replace into people (id, name, created_at, updated_at) values ('p', 'P', 0, 0)").run();
  return server;
}

describe('file modes', () => {
  it('creates the data folders 0700 and the database, -wal and -shm 0600', async () => {
    const dbPath = join(dir, 'data', 'rota', 'rota.db');
    const { app } = await openAndWrite(dbPath);
    try {
      expect(modeOf(join(dir, 'data'))).toBe('700');
      expect(modeOf(join(dir, 'data', 'rota'))).toBe('700');
      for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) expect([f, modeOf(f)]).toEqual([f, '600']);
    } finally {
      await app.close();
    }
  });

  it('tightens a database and -wal left readable by an older Rota, and leaves an existing folder alone', async () => {
    const folder = join(dir, 'existing');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    const dbPath = join(folder, 'rota.db');
    await (await openAndWrite(dbPath)).app.close();
    chmodSync(dbPath, 0o644);
    writeFileSync(`${dbPath}-wal`, '');
    chmodSync(`${dbPath}-wal`, 0o664);
    const { app } = await openAndWrite(dbPath);
    try {
      expect(modeOf(folder)).toBe('755');
      for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) expect([f, modeOf(f)]).toEqual([f, '600']);
    } finally {
      await app.close();
    }
  });

  it('writes backup copies 0600, replacing a readable file of the same name', async () => {
    const { app, sqlite } = await openAndWrite(join(dir, 'rota.db'));
    try {
      const dest = join(dir, 'backup.db');
      writeFileSync(dest, 'an older copy');
      chmodSync(dest, 0o644);
      await snapshotTo(sqlite, dest);
      expect(modeOf(dest)).toBe('600');
    } finally {
      await app.close();
    }
  });
});
