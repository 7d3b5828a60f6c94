/**
 * Every table's rows out of one database and into another, whatever the two dialects: what
 * `npm run migrate-to-postgres` (SQLite → PostgreSQL) and the PostgreSQL backup (a JSON dump of
 * every table, see src/services/dump-file.ts) are built on. Rows travel as the repositories
 * see them — JS keys and JS values, identical on both backends (test/db/schema-parity.test.ts) —
 * so nothing here knows a column by name but the ordering keys and the identity columns.
 */
import { asc, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Db, Tables } from './database.js';

/** Every table, each after the tables its foreign keys point to, so loading in this order never breaks one. */
export const TABLE_ORDER = [
  'settings',
  'users',
  'apiTokens',
  'people',
  'holidayCalendars',
  'schedules',
  'scheduleVersions',
  'overrides',
  'timeOff',
  'escalationChains',
  'feeds',
  'channels',
  'notices',
  'notifierSchedules',
  'components',
  'incidents',
  'incidentUpdates',
  'auditLog',
] as const satisfies readonly (keyof Tables)[];

export type TableName = (typeof TABLE_ORDER)[number];
export type Row = Record<string, unknown>;

/** Rows per statement: big tables (the audit log) go in batches, well under both engines' bound parameter limits. */
export const BATCH_ROWS = 500;

/** The primary key of each table: read in this order, a dump is the same whenever nothing changed. */
function orderingKey(tables: Tables, table: TableName): AnyPgColumn[] {
  const t = tables;
  const keys: Record<TableName, AnyPgColumn[]> = {
    settings: [t.settings.key],
    users: [t.users.id],
    apiTokens: [t.apiTokens.id],
    people: [t.people.id],
    holidayCalendars: [t.holidayCalendars.id],
    schedules: [t.schedules.id],
    scheduleVersions: [t.scheduleVersions.scheduleId, t.scheduleVersions.version],
    overrides: [t.overrides.seq],
    timeOff: [t.timeOff.id],
    escalationChains: [t.escalationChains.id],
    feeds: [t.feeds.id],
    channels: [t.channels.id],
    notices: [t.notices.id],
    notifierSchedules: [t.notifierSchedules.scheduleId],
    components: [t.components.id],
    incidents: [t.incidents.id],
    incidentUpdates: [t.incidentUpdates.seq],
    auditLog: [t.auditLog.id],
  };
  return keys[table];
}

/**
 * Identity columns whose ids a load writes explicitly (`overrides.seq` orders overrides, the audit
 * log's id orders entries, so both keep their values). PostgreSQL's sequence does not see those
 * inserts: without moving it past the largest id, the next insert would take id 1 and conflict.
 * SQLite's INTEGER PRIMARY KEY takes max + 1 by itself.
 */
const IDENTITY_COLUMNS = [
  ['overrides', 'seq'],
  ['incident_updates', 'seq'],
  ['audit_log', 'id'],
] as const;

/** Receives the rows of one table, a batch at a time, tables in TABLE_ORDER. */
export type PutRows = (table: TableName, rows: Row[]) => Promise<void>;

/**
 * Runs `work` on one consistent view of `database`, however many statements it takes: on
 * PostgreSQL a read-only REPEATABLE READ transaction (writers go on meanwhile), on SQLite a write
 * transaction, the only way to hold one view across statements there (writers wait).
 */
function consistentRead<T>(database: Database, work: (db: Db) => Promise<T>): Promise<T> {
  if (database.dialect === 'postgres') return database.db.transaction(work, { isolationLevel: 'repeatable read', accessMode: 'read only' });
  return database.transaction(work);
}

/** Reads every row of every table of `database`, in TABLE_ORDER, in batches of BATCH_ROWS, handing each batch to `put`. */
export function dumpTables(database: Database, put: PutRows): Promise<void> {
  return consistentRead(database, async (db) => {
    for (const table of TABLE_ORDER) {
      const source = database.tables[table] as PgTable;
      const order = orderingKey(database.tables, table).map((column) => asc(column));
      for (let offset = 0; ; offset += BATCH_ROWS) {
        const rows = (await db
          .select()
          .from(source)
          .orderBy(...order)
          .limit(BATCH_ROWS)
          .offset(offset)) as Row[];
        if (rows.length > 0) await put(table, rows);
        if (rows.length < BATCH_ROWS) break;
      }
    }
  });
}

/** The target already holds data: loading into it would mix two databases. */
export class TargetNotEmptyError extends Error {}

/**
 * The target refused rows of `table`. Its message is the database's own reason, never drizzle's
 * "Failed query … params: …", which would print the rows — password and token hashes among them.
 */
export class RowsRefusedError extends Error {
  constructor(table: TableName, err: unknown) {
    let reason = err;
    while (reason instanceof Error && reason.cause !== undefined) reason = reason.cause;
    super(`the target refused a row of ${table}: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/** The first table of `tables` on `db` that has a row, if any. */
async function firstNonEmptyTable(db: Db, tables: Tables): Promise<TableName | undefined> {
  for (const table of TABLE_ORDER) {
    const any = await db
      .select({ one: sql<number>`1` })
      .from(tables[table] as PgTable)
      .limit(1);
    if (any.length > 0) return table;
  }
  return undefined;
}

/**
 * Loads into `target`, which must hold no row at all (its schema migrated), the rows `feed` hands
 * to its `put` (tables in TABLE_ORDER), in ONE transaction: a failure anywhere — a refused row,
 * a broken connection, `feed` throwing — leaves the target as empty as it was. Ids are written as
 * they come (a user's id is in every session token, an override's seq decides which one wins)
 * and identity sequences moved past them. Returns how many rows each table received.
 */
export function loadTables(target: Database, feed: (put: PutRows) => Promise<void>): Promise<Record<TableName, number>> {
  return target.transaction(async (tx) => {
    const taken = await firstNonEmptyTable(tx, target.tables);
    if (taken) throw new TargetNotEmptyError(`it already holds data (its ${taken} table has rows)`);
    const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as Record<TableName, number>;
    let reached = 0;
    await feed(async (table, rows) => {
      const at = TABLE_ORDER.indexOf(table);
      if (at < reached) throw new Error(`rows of ${table} came after a table loaded later (${TABLE_ORDER[reached]}): load in TABLE_ORDER`);
      reached = at;
      for (let i = 0; i < rows.length; i += BATCH_ROWS) {
        try {
          await tx.insert(target.tables[table] as PgTable).values(rows.slice(i, i + BATCH_ROWS));
        } catch (err) {
          throw new RowsRefusedError(table, err);
        }
      }
      counts[table] += rows.length;
    });
    if (target.dialect === 'postgres') {
      for (const [table, column] of IDENTITY_COLUMNS) {
        await tx.execute(
          sql.raw(`select setval(pg_get_serial_sequence('${table}', '${column}'), coalesce((select max(${column}) from ${table}), 0) + 1, false)`),
        );
      }
    }
    return counts;
  });
}

/** Every row of `source` into the empty `target` (one transaction on the target); rows copied per table. */
export function copyTables(source: Database, target: Database): Promise<Record<TableName, number>> {
  return loadTables(target, (put) => dumpTables(source, put));
}
