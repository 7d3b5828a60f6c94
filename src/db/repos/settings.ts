import { eq } from 'drizzle-orm';
import { recordAudit, type Actor } from '../audit.js';
import type { Db } from '../client.js';
import { settings } from '../schema.js';

export type SettingsRepository = ReturnType<typeof settingsRepository>;

export function settingsRepository(db: Db) {
  return {
    /** Returns the stored value, storing `make()` first when the key is absent. */
    async getOrCreate(key: string, make: () => string): Promise<string> {
      return db.transaction(
        (tx) => {
          const row = tx.select().from(settings).where(eq(settings.key, key)).get();
          if (row) return row.value;
          const value = make();
          tx.insert(settings).values({ key, value }).run();
          return value;
        },
        { behavior: 'immediate' },
      );
    },

    /**
     * Stores a new value for `key`. The audit entry names the key but never the value: settings
     * hold the server's own secrets.
     */
    async replace(key: string, value: string, actor: Actor, at: number): Promise<void> {
      db.transaction(
        (tx) => {
          tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
          recordAudit(tx, actor, 'update', 'setting', key, { after: { value: 'replaced' } }, at);
        },
        { behavior: 'immediate' },
      );
    },
  };
}
