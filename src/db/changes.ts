/**
 * Announcing committed writes to the caches that hold what they changed (spec §12: a write
 * answered by one instance is seen by every other within 1 s).
 *
 * A repository says what its write changed with `database.announce(tx, change)` inside the write
 * transaction. The adapter delivers it only once the transaction has committed (a rolled-back
 * write changed nothing): on SQLite to this process's subscribers, the only process on the file;
 * on PostgreSQL also to every other instance, by a NOTIFY sent in the same transaction
 * (./change-feed.ts). The services subscribe and invalidate precisely (services/index.ts).
 */

/** What a committed write changed, as far as any cache cares. */
export type Change =
  /** A person was written or deleted: the people directory. */
  | { kind: 'people' }
  /** A schedule's versions or overrides, or the schedule itself. */
  | { kind: 'schedule'; id: string }
  /** A person's time off: the schedules naming that person. */
  | { kind: 'time-off'; person: string }
  /** A holiday calendar: it and the schedules using it. */
  | { kind: 'calendar'; id: string }
  /** An API token was revoked: the lookups cached by its hash (repos/api-tokens.ts). */
  | { kind: 'api-token'; id: string }
  /** A notification channel was written or deleted (the notifier's list of channels). */
  | { kind: 'channel' }
  /** New notices to send were stored outside the notifier (bulletin updates): the sender looks. */
  | { kind: 'notices' }
  /** The outage bulletin: its settings, components, incidents (the status page). */
  | { kind: 'bulletin' }
  /** A row of the settings table (the session secret). */
  | { kind: 'setting'; key: string }
  /** Anything at all (an import replaced the configuration; a listener reconnected). */
  | { kind: 'everything' };

export type ChangeListener = (change: Change) => void;

/** Where committed changes are heard: this instance's and, on PostgreSQL, every other's. */
export interface ChangeSource {
  /** Calls `listener` with every committed change from now on; returns the unsubscribe. */
  subscribe(listener: ChangeListener): () => void;
}

/** The local half of the mechanism: subscribers, and handing them changes. */
export function changeBus() {
  const listeners = new Set<ChangeListener>();
  return {
    subscribe(listener: ChangeListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(changes: readonly Change[]): void {
      for (const change of changes) for (const listener of listeners) listener(change);
    },
  };
}

/**
 * The changes announced in each open write transaction, keyed by its transaction handle, until
 * the adapter commits it (and emits them) or rolls it back (and drops them).
 */
export function pendingChanges() {
  const byTransaction = new WeakMap<object, Change[]>();
  return {
    /** Starts collecting for `tx`; the returned list fills as the transaction announces. */
    open(tx: object): Change[] {
      const list: Change[] = [];
      byTransaction.set(tx, list);
      return list;
    },
    close(tx: object): void {
      byTransaction.delete(tx);
    },
    add(tx: object, change: Change): void {
      const list = byTransaction.get(tx);
      // A change announced outside a write transaction would be sent without the write it names.
      if (!list) throw new Error('a change is announced inside the write transaction that makes it');
      list.push(change);
    },
  };
}
