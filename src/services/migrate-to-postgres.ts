/**
 * Moving a SQLite database to PostgreSQL (issue 13): every table, credentials included, so users
 * sign in with the same passwords and API tokens, feed URLs and sessions keep working.
 *
 * The source is never opened for writing: it is first copied with SQLite's online backup API
 * into a private temp folder (so a server may even still run on it), the copy checked like a
 * backup (integrity_check, a Rota database) and brought to the current schema by the usual
 * migrations (an older Rota's file moves too). The target gets its migrations, must hold no row,
 * and receives everything in one transaction.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Database } from '../db/database.js';
import { copyTables, RowsRefusedError, TargetNotEmptyError, type TableName } from '../db/dump.js';
import { describeUrl, openPostgres } from '../db/postgres.js';
import { snapshotFileTo } from '../db/sqlite-backup.js';
import { openSqlite } from '../db/sqlite.js';

/** The migration cannot go ahead; the message is one line for the operator. */
export class MigrationRefusedError extends Error {}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
}

/** A checked, migrated private copy of the SQLite file `from`, opened; `dispose` closes and deletes it. */
async function openSourceCopy(from: string): Promise<{ database: Database; dispose(): Promise<void> }> {
  const file = resolve(from);
  if (!existsSync(file)) throw new MigrationRefusedError(`there is no SQLite database at ${file} (set ROTA_DB or pass --from FILE)`);
  // mkdtemp makes the folder 0700: the copy holds password and token hashes.
  const dir = mkdtempSync(join(tmpdir(), 'rota-migrate-'));
  const dispose = async () => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, 'rota.db');
    try {
      await snapshotFileTo(file, copy, { readonly: true });
    } catch (err) {
      throw new MigrationRefusedError(`${file} is not a sound Rota database: ${messageOf(err)}`);
    }
    const database = openSqlite(copy);
    return {
      database,
      async dispose() {
        await database.close();
        await dispose();
      },
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/**
 * Copies the Rota SQLite database at `from` into the empty PostgreSQL database at `url`; returns
 * the rows copied per table. Throws MigrationRefusedError (the target is left as it was) when the
 * source is not a sound Rota database, the target holds data, or it refuses a row.
 */
export async function migrateToPostgres(from: string, url: string): Promise<Record<TableName, number>> {
  const source = await openSourceCopy(from);
  try {
    const target = await openPostgres(url);
    try {
      return await copyTables(source.database, target);
    } catch (err) {
      if (err instanceof TargetNotEmptyError) {
        throw new MigrationRefusedError(`PostgreSQL at ${describeUrl(url)} is not empty: ${err.message}; migrate into a new database (createdb), never one a server has started on`);
      }
      if (err instanceof RowsRefusedError) throw new MigrationRefusedError(`${err.message}; nothing was copied`);
      throw err;
    } finally {
      await target.close();
    }
  } finally {
    await source.dispose();
  }
}
