/**
 * The Database seam (src/db/database.ts) keeps the same promises on both backends: runs on
 * SQLite in the default project and on PostgreSQL in the `pg` project.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { ConflictError } from '../../src/errors.js';
import { createTestDatabase, onPostgres } from '../postgres.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openTestDatabase(): Promise<Database> {
  let database: Database;
  if (onPostgres()) {
    const { url, drop } = await createTestDatabase();
    cleanups.push(drop);
    database = await openPostgres(url);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'rota-db-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    database = openSqlite(join(dir, 'rota.db'));
  }
  cleanups.push(() => database.close());
  return database;
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`the database seam (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('keeps nothing of a transaction that throws', async () => {
    const { db, tables, transaction } = await openTestDatabase();
    const failed = transaction(async (tx) => {
      await tx.insert(tables.settings).values({ key: 'a', value: '1' });
      throw new Error('changed my mind');
    });
    await expect(failed).rejects.toThrow('changed my mind');
    expect(await db.select().from(tables.settings)).toEqual([]);
  });

  it('shows reads only what is committed, and each write once it is', async () => {
    const { db, tables, transaction } = await openTestDatabase();
    let seenMidway: unknown;
    await transaction(async (tx) => {
      await tx.insert(tables.settings).values({ key: 'a', value: '1' });
      seenMidway = await db.select().from(tables.settings);
    });
    expect(seenMidway).toEqual([]);
    expect(await db.select().from(tables.settings)).toEqual([{ key: 'a', value: '1' }]);
  });

  it('runs write transactions one at a time: a read-check-write sees the one before it', async () => {
    const { db, tables, transaction } = await openTestDatabase();
    await transaction((tx) => tx.insert(tables.settings).values({ key: 'n', value: '0' }));
    const increment = () =>
      transaction(async (tx) => {
        const [row] = await tx.select().from(tables.settings).where(eq(tables.settings.key, 'n'));
        await later(20);
        await tx.update(tables.settings).set({ value: String(Number(row!.value) + 1) }).where(eq(tables.settings.key, 'n'));
      });
    await Promise.all(Array.from({ length: 5 }, increment));
    expect(await db.select({ value: tables.settings.value }).from(tables.settings)).toEqual([{ value: '5' }]);
  });

  it('turns a unique violation into a ConflictError (409)', async () => {
    const { tables, transaction } = await openTestDatabase();
    await transaction((tx) => tx.insert(tables.settings).values({ key: 'k', value: '1' }));
    const clash = await transaction((tx) => tx.insert(tables.settings).values({ key: 'k', value: '2' })).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(ConflictError);
    expect((clash as ConflictError).status).toBe(409);
  });
});
