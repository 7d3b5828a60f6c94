/**
 * A Rota dump: every row of every table in one file, what `npm run backup` writes on PostgreSQL
 * and `npm run restore` loads into an empty database. Unlike pg_dump's, it needs no client tools
 * matching the server's version, and the rows are the repositories' (JS keys and values), so
 * the format does not depend on the backend.
 *
 * JSON lines: a header `{"format":"rota-dump","version":1,"dumpedAt":…}`, one line per batch
 * `{"table":"people","rows":[…]}` in dependency order (src/db/dump.ts), and a last line
 * `{"end":true,"rows":N}` — a file cut short (a full disk, a copy interrupted) has no such line,
 * and restoring it is refused rather than loading part of a database. The file holds every
 * credential (password, token and feed hashes, the session secret): 0600, like a SQLite backup.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type { Database } from '../db/database.js';
import { dumpTables, loadTables, TABLE_ORDER, type Row, type TableName } from '../db/dump.js';
import { replacePrivateFile } from '../db/private-files.js';

export const DUMP_FORMAT = 'rota-dump';
export const DUMP_VERSION = 1;

/** The file is not a complete Rota dump; the message says why, in one line. */
export class NotADumpError extends Error {}

/**
 * Writes every row of `database` to `dest` as one consistent view (src/db/dump.ts), under a temp
 * name renamed once complete and fsynced, so `dest` is either the old file or a whole dump.
 * Returns the number of rows written.
 */
export function writeDump(database: Database, dest: string, dumpedAt: number): Promise<number> {
  return replacePrivateFile(dest, async (temp) => {
    const out = createWriteStream(temp, { flags: 'w' });
    const write = (value: unknown) =>
      new Promise<void>((done, fail) => out.write(`${JSON.stringify(value)}\n`, (err) => (err ? fail(err) : done())));
    let rows = 0;
    try {
      await write({ format: DUMP_FORMAT, version: DUMP_VERSION, dumpedAt: new Date(dumpedAt).toISOString() });
      await dumpTables(database, async (table, batch) => {
        rows += batch.length;
        await write({ table, rows: batch });
      });
      await write({ end: true, rows });
    } finally {
      out.end();
      await finished(out);
    }
    return rows;
  });
}

function isTable(name: unknown): name is TableName {
  return typeof name === 'string' && (TABLE_ORDER as readonly string[]).includes(name);
}

/**
 * Loads the dump `file` into `target`, which must be empty (src/db/dump.ts: one transaction; a
 * file that is not a complete dump, or a row the database refuses, leaves it empty). Returns the
 * rows loaded per table.
 */
export function loadDump(file: string, target: Database): Promise<Record<TableName, number>> {
  return loadTables(target, async (put) => {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let line = 0;
    let header = false;
    let end: number | undefined;
    let rows = 0;
    for await (const text of lines) {
      line++;
      if (end !== undefined) throw new NotADumpError(`${file}: line ${line} follows the end of the dump`);
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(text) as Record<string, unknown>;
      } catch {
        if (!header && text.startsWith('SQLite format 3')) {
          throw new NotADumpError(`${file} is a SQLite database, not a Rota dump: move it into PostgreSQL with npm run migrate-to-postgres -- --from ${file} URL`);
        }
        throw new NotADumpError(`${file}: line ${line} is not JSON${header ? '' : ' (is this a Rota dump made by npm run backup on PostgreSQL?)'}`);
      }
      if (!header) {
        if (value?.format !== DUMP_FORMAT) throw new NotADumpError(`${file} is not a Rota dump (no "format":"${DUMP_FORMAT}" on its first line)`);
        if (value.version !== DUMP_VERSION) throw new NotADumpError(`${file} is a Rota dump of version ${String(value.version)}; this Rota reads version ${DUMP_VERSION}`);
        header = true;
      } else if (value?.end === true) {
        end = Number(value.rows);
      } else if (isTable(value?.table) && Array.isArray(value.rows)) {
        rows += value.rows.length;
        await put(value.table, value.rows as Row[]);
      } else {
        throw new NotADumpError(`${file}: line ${line} is neither a table's rows nor the end`);
      }
    }
    if (!header) throw new NotADumpError(`${file} is empty`);
    if (end === undefined) throw new NotADumpError(`${file} is cut short (no end line): it was not written completely`);
    if (end !== rows) throw new NotADumpError(`${file} holds ${rows} rows but its end line counts ${end}`);
  });
}
