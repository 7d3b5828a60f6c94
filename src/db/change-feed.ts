/**
 * Changes across instances on PostgreSQL (spec §12). Every write transaction ends with one
 * `pg_notify` on CHANNEL (sent inside it, so PostgreSQL delivers it only on commit) naming this
 * instance, the changes it announced and the write sequence it reached; each instance LISTENs on
 * a dedicated connection and hands the changes of other instances to its subscribers.
 *
 * The write sequence is the audit log's largest id. Every write transaction holds the writes
 * advisory lock (postgres.ts), so they commit one at a time and the ids each inserts are larger
 * than every id committed before it: the sequence only grows, in commit order. PostgreSQL
 * delivers the notifications of different transactions in commit order too, so once this
 * instance has applied a notification carrying sequence n, it has applied every change committed
 * up to n.
 *
 * NOTIFY is not replayed: while the listener is disconnected, changes are missed. On every
 * (re)connection it LISTENs first and only then drops every cache (a full reload), so a change
 * committed in between is either notified or read by the reload. It reconnects with backoff.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { changeBus, type Change } from './changes.js';
import type { Db } from './database.js';

const CHANNEL = 'rota_changes';
const SEQUENCE_SQL = 'select coalesce(max(id), 0)::bigint as seq from audit_log';

/** How long an exclusive section waits for notifications already committed before dropping every cache instead. */
const CATCH_UP_WAIT_MS = 250;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

interface Notice {
  from: string;
  seq: number;
  changes: Change[];
}

export type ChangeFeed = Awaited<ReturnType<typeof openChangeFeed>>;

/**
 * Listens on `url` (application_name `rota listener <pid>`, so an operator — or a test — can find
 * the connection). `instance` tells this instance's notifications from the others'.
 */
export async function openChangeFeed(url: string, instance: string) {
  const bus = changeBus();
  /** The write sequence up to which every change is applied here. */
  let applied = 0;
  let client: pg.Client | null = null;
  let connected = false;
  let closed = false;
  let backoff = RECONNECT_MIN_MS;
  let retry: NodeJS.Timeout | undefined;
  /** Exclusive sections waiting for `applied` to reach a sequence. */
  const waiters = new Set<{ seq: number; resolve: () => void }>();

  function reached(seq: number): void {
    if (seq > applied) applied = seq;
    for (const w of waiters) {
      if (w.seq <= applied) {
        waiters.delete(w);
        w.resolve();
      }
    }
  }

  function onNotification(message: pg.Notification): void {
    if (message.channel !== CHANNEL || !message.payload) return;
    const notice = JSON.parse(message.payload) as Notice;
    // This instance's own changes were handed to its subscribers when they committed.
    if (notice.from !== instance) bus.emit(notice.changes);
    reached(Number(notice.seq));
  }

  function lost(which: pg.Client): void {
    if (which !== client) return;
    client = null;
    connected = false;
    which.removeAllListeners('notification');
    void which.end().catch(() => undefined);
    if (closed) return;
    retry = setTimeout(() => void connect(), backoff);
    backoff = Math.min(backoff * 2, RECONNECT_MAX_MS);
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, keepAlive: true, application_name: `rota listener ${process.pid}` });
    client = next;
    next.on('notification', onNotification);
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`listen ${CHANNEL}`);
      const { rows } = await next.query<{ seq: string }>(SEQUENCE_SQL);
      if (client !== next) return;
      // LISTEN first, then the reload: nothing committed from here on can be missed.
      bus.emit([{ kind: 'everything' }]);
      reached(Number(rows[0]!.seq));
      connected = true;
      backoff = RECONNECT_MIN_MS;
    } catch {
      lost(next);
    }
  }

  await connect();

  return {
    subscribe: bus.subscribe,
    /** Hands this instance's committed changes to its subscribers (the others get the NOTIFY). */
    emitLocal: bus.emit,
    /** Whether the listener is connected (changes of other instances arrive). */
    listening: (): boolean => connected,

    /** The last statement of every write transaction: the NOTIFY, delivered on commit. */
    async notify(tx: Db, changes: readonly Change[]): Promise<void> {
      await tx.execute(
        sql`select pg_notify(${CHANNEL}, json_build_object('from', ${instance}::text, 'seq', (select coalesce(max(id), 0) from audit_log), 'changes', ${JSON.stringify(changes)}::json)::text)`,
      );
    },

    /**
     * Called at the start of an exclusive section, holding its lock. Why that suffices: a section
     * on another instance commits its writes before releasing the lock, so the sequence read here
     * (a new statement, READ COMMITTED) counts every write committed before this section began;
     * once the notifications up to it have been applied, this instance's caches hold all of them.
     * If they do not arrive in time (the listener is down, or slow), every cache is dropped
     * instead and the section reads the database afresh.
     */
    async catchUp(lockHolder: pg.PoolClient): Promise<void> {
      const { rows } = await lockHolder.query<{ seq: string }>(SEQUENCE_SQL);
      const seq = Number(rows[0]!.seq);
      if (seq <= applied) return;
      const arrived = connected && (await new Promise<boolean>((resolve) => {
        const waiter = { seq, resolve: () => resolve(true) };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) resolve(false);
        }, CATCH_UP_WAIT_MS).unref();
      }));
      if (!arrived) {
        bus.emit([{ kind: 'everything' }]);
        reached(seq);
      }
    },

    async close(): Promise<void> {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = null;
      connected = false;
      for (const w of waiters) w.resolve();
      waiters.clear();
      await last?.end().catch(() => undefined);
    },
  };
}
