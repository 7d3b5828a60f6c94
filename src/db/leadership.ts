/**
 * Which instance does the background work (spec §12, §14: exactly one sends notifications at a
 * time, and another takes over within 30 s when it dies).
 *
 * On SQLite there is one process: it always leads. On PostgreSQL the leader is the instance
 * whose dedicated connection holds a session-level advisory lock (`pg_try_advisory_lock`). The
 * lock lives exactly as long as that connection: when the process is killed its socket closes,
 * PostgreSQL ends the session and frees the lock, and the next instance to try (every
 * RETRY_MS) takes it. An instance that loses its connection gives leadership up at once (the
 * lock may already be another's); a leader also checks its connection every RETRY_MS, so one
 * that went silently dead is noticed.
 *
 * Whatever runs on the leader must still claim each unit of work atomically in the database
 * (the notifier of issue 14 claims a notice with `UPDATE … SET status = 'sending' WHERE id = …
 * AND status = 'pending' RETURNING …`, or `SELECT … FOR UPDATE SKIP LOCKED`): a leader cut off
 * from the database may not know yet that it no longer leads, and that second line of defence
 * is what makes "never sent twice" hold then.
 */
import pg from 'pg';

export interface Leadership {
  isLeader(): boolean;
  /** Calls `listener` whenever this instance becomes or stops being the leader; returns the unsubscribe. */
  onChange(listener: (leader: boolean) => void): () => void;
  close(): Promise<void>;
}

/** How often a follower tries to take the lock, and a leader checks its connection. */
export const RETRY_MS = 5_000;

/** The one process on a SQLite file. */
export function soleLeader(): Leadership {
  return { isLeader: () => true, onChange: () => () => undefined, close: async () => undefined };
}

/**
 * Contends for the advisory lock `key` on `url` (application_name `rota leadership <pid>`). Resolves
 * after the first attempt, so an instance that can lead does from its first answer.
 */
export async function advisoryLeadership(url: string, key: readonly [number, number]): Promise<Leadership> {
  const listeners = new Set<(leader: boolean) => void>();
  let leader = false;
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  function become(next: boolean): void {
    if (next === leader) return;
    leader = next;
    for (const listener of listeners) listener(next);
  }

  function drop(which: pg.Client): void {
    if (which !== client) return;
    client = null;
    become(false);
    void which.end().catch(() => undefined);
  }

  async function attempt(): Promise<void> {
    try {
      if (!client) {
        const next = new pg.Client({ connectionString: url, keepAlive: true, application_name: `rota leadership ${process.pid}` });
        next.on('error', () => drop(next));
        next.on('end', () => drop(next));
        client = next;
        await next.connect();
      }
      const current = client;
      if (leader) {
        await current.query('select 1');
      } else {
        const { rows } = await current.query<{ got: boolean }>('select pg_try_advisory_lock($1, $2) as got', [...key]);
        if (client === current && !closed) become(rows[0]!.got);
      }
    } catch {
      if (client) drop(client);
    }
  }

  function schedule(): void {
    if (closed) return;
    timer = setTimeout(() => void attempt().then(schedule), RETRY_MS);
  }

  await attempt();
  schedule();

  return {
    isLeader: () => leader,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const last = client;
      client = null;
      become(false);
      // Ending the session frees the lock: another instance takes over at its next attempt.
      await last?.end().catch(() => undefined);
    },
  };
}
