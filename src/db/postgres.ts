/**
 * The PostgreSQL adapter (ROTA_DATABASE_URL=postgres://…), for several Rota instances on one
 * database: a pg.Pool, drizzle's node-postgres driver, the drizzle-kit migrations of
 * migrations/pg applied at start. Serialisation that SQLite gets from owning its file is taken
 * here from advisory locks, so it holds across instances:
 * - each write transaction takes a transaction-level lock (released by COMMIT/ROLLBACK), like
 *   SQLite's BEGIN IMMEDIATE: a repository's read-check-write sees no other write in between;
 * - each exclusive section holds a session-level lock on a client of its own for its whole
 *   length (services read, decide and write across several repository calls in one); if the
 *   process dies, the lock dies with its connection.
 * Each write transaction ends with the NOTIFY of what it changed, and each exclusive section
 * starts by catching up with the changes of other instances (./change-feed.ts); one instance at
 * a time leads (./leadership.ts).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { openChangeFeed } from './change-feed.js';
import { pendingChanges, type Change } from './changes.js';
import { asConflict, DatabaseOpenError, serialQueue, type Database } from './database.js';
import { advisoryLeadership } from './leadership.js';
import * as tables from './schema/pg.js';

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/pg');

/**
 * Advisory lock keys: (ROTA, n), two-int form, so no other application's single-bigint keys on
 * the same database collide with ours. Add new ones here.
 */
const ROTA = 0x524f5441; // "ROTA"
export const LOCKS = {
  migrate: [ROTA, 1],
  writes: [ROTA, 2],
  exclusive: [ROTA, 3],
  leader: [ROTA, 4],
} as const satisfies Record<string, readonly [number, number]>;

const PING_SQL = `select ${['people', 'schedules', 'schedule_versions', 'overrides', 'users', 'escalation_chains']
  .map((t) => `exists (select 1 from ${t})`)
  .join(', ')}`;

/** Where the URL points, for messages: user@host:port/database, never the password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the ROTA_DATABASE_URL server (not a valid URL)';
  }
}

/** One line for the operator on why the server cannot be used (pg's own messages hold no password). */
function describeFailure(url: string, err: unknown): string {
  const where = describeUrl(url);
  const code = String((err as { code?: unknown }).code ?? '');
  const message = err instanceof Error ? err.message : String(err);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code) || /timeout/i.test(message)) {
    return `cannot reach PostgreSQL at ${where} (${code || message}): is it running, and is ROTA_DATABASE_URL right?`;
  }
  if (code === '28P01' || code === '28000') return `PostgreSQL at ${where} refused the login (${message}): check the user and password in ROTA_DATABASE_URL`;
  if (code === '3D000') return `PostgreSQL at ${where}: ${message}: create it first (createdb)`;
  return `cannot use PostgreSQL at ${where}: ${message}`;
}

/**
 * Runs `work` holding the session-level advisory lock `key` on a client of its own. A client
 * whose unlock failed is destroyed, not returned to the pool: closing the connection is what
 * releases the lock then (as it does when the process dies).
 */
async function holdingLock<T>(pool: pg.Pool, key: readonly [number, number], work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1, $2)', [...key]);
  } catch (err) {
    client.release(true);
    throw err;
  }
  try {
    return await work(client);
  } finally {
    try {
      await client.query('select pg_advisory_unlock($1, $2)', [...key]);
      client.release();
    } catch {
      client.release(true);
    }
  }
}

/** Applies pending migrations; two instances starting at once take turns (the second finds nothing to do). */
function migrateOnce(pool: pg.Pool): Promise<void> {
  return holdingLock(pool, LOCKS.migrate, (client) => migrate(drizzle(client), { migrationsFolder }));
}

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An idle client the server dropped (restart, failover) emits here; unhandled, it would end
  // the process. The next query gets a fresh connection, or fails and is answered 503.
  pool.on('error', () => undefined);
  try {
    await migrateOnce(pool);
  } catch (err) {
    await pool.end();
    throw new DatabaseOpenError(describeFailure(url, err));
  }

  const db = drizzle(pool);
  const exclusiveHere = serialQueue();
  const announced = pendingChanges();
  const feed = await openChangeFeed(url, randomUUID());
  const leadership = await advisoryLeadership(url, LOCKS.leader);
  let closed = false;

  return {
    dialect: 'postgres',
    tables,
    db,
    async transaction(work) {
      let committed: Change[] = [];
      let result;
      try {
        result = await db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS.writes[0]}, ${LOCKS.writes[1]})`);
          const changes = announced.open(tx);
          try {
            const value = await work(tx);
            await feed.notify(tx, changes);
            committed = changes;
            return value;
          } finally {
            announced.close(tx);
          }
        });
      } catch (err) {
        throw asConflict(err);
      }
      feed.emitLocal(committed);
      return result;
    },
    exclusive(work) {
      // The in-process queue first, so one instance holds at most one client for this lock.
      return exclusiveHere(() =>
        holdingLock(pool, LOCKS.exclusive, async (client) => {
          await feed.catchUp(client);
          return work();
        }),
      );
    },
    announce: (tx, change) => announced.add(tx, change),
    changes: { subscribe: feed.subscribe },
    leadership,
    async ping() {
      try {
        await pool.query(PING_SQL);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await leadership.close();
      await feed.close();
      await pool.end();
    },
  };
}
