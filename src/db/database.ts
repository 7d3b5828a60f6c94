/**
 * The seam between the repositories and a database engine. The repositories (./repos) are
 * written once, against drizzle's PostgreSQL builder types and the tables handed in here; an
 * adapter — SQLite (./sqlite.ts) or PostgreSQL (./postgres.ts) — supplies a connection and
 * tables of its own dialect. Repositories use only what both dialects share (select, insert,
 * update, delete, where, orderBy, limit, onConflict…, returning, `sql` valid in both) and await
 * every statement.
 */
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { ConflictError } from '../errors.js';
import type { Change, ChangeSource } from './changes.js';
import type { Leadership } from './leadership.js';
import type * as pgTables from './schema/pg.js';

/** The builder surface repositories see; a transaction is one too. */
export type Db = PgDatabase<NodePgQueryResultHKT>;

/** The tables repositories build statements from: the adapter's own dialect's at run time. */
export type Tables = typeof pgTables;

export interface Database {
  dialect: 'sqlite' | 'postgres';
  tables: Tables;
  /** For reads, each statement on its own (it sees every committed write). Writes go through `transaction`. */
  db: Db;
  /**
   * One write transaction, alone among this database's write transactions (SQLite: BEGIN
   * IMMEDIATE; PostgreSQL: a transaction-level advisory lock, so across instances too): a
   * repository's read-check-write inside it sees no other write commit in between. Commits when
   * `work` resolves, rolls back when it throws. A unique constraint it violates is a ConflictError.
   */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `work` alone among the exclusive sections of every process on this database. Services
   * read, decide and write across several repository calls (the coverage guarantee, references)
   * inside one, so no other change slips in between. Every change committed before `work`
   * starts — by any instance — has reached this instance's `changes` subscribers by then, so
   * caches read inside are current.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Inside `transaction`: says what this write changes. Delivered to `changes` subscribers only
   * when the transaction commits — this instance's at once, other instances' by NOTIFY (./changes.ts).
   */
  announce(tx: Db, change: Change): void;
  /** Committed changes, of this instance and of every other on the database. */
  changes: ChangeSource;
  /** Whether this instance does the background work (./leadership.ts). */
  leadership: Leadership;
  /** True when the database answers from its tables (`select 1` would answer from a corrupt file). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** The database cannot be used; the message is meant for the operator, as is. */
export class DatabaseOpenError extends Error {}

/**
 * One after another within this process: `run(work)` starts `work` once every earlier one has
 * settled. Both adapters queue exclusive sections (and SQLite its transactions) with it.
 */
export function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function run<T>(work: () => Promise<T>): Promise<T> {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * The unique violation behind `err` (drizzle wraps driver errors in `cause`): SQLite's
 * SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY or PostgreSQL's 23505.
 */
function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  }
  return false;
}

/**
 * The one place both engines' unique violations become the same 409. Repositories check the
 * uniques a client can hit before writing (with a precise message); this catches the rest.
 */
export function asConflict(err: unknown): unknown {
  return isUniqueViolation(err) ? new ConflictError('the change conflicts with a stored record that has the same unique value') : err;
}
