import { eq } from 'drizzle-orm';
import { auditTrail, type Actor } from '../audit.js';
import type { Database } from '../database.js';

export type SettingsRepository = ReturnType<typeof settingsRepository>;

export function settingsRepository(database: Database) {
  const { settings } = database.tables;
  const audit = auditTrail(database);
  return {
    async get(key: string): Promise<string | null> {
      const [row] = await database.db.select().from(settings).where(eq(settings.key, key));
      return row?.value ?? null;
    },

    /** Returns the stored value, storing `make()` first when the key is absent. */
    async getOrCreate(key: string, make: () => string): Promise<string> {
      return database.transaction(async (tx) => {
        const [row] = await tx.select().from(settings).where(eq(settings.key, key));
        if (row) return row.value;
        const value = make();
        await tx.insert(settings).values({ key, value });
        return value;
      });
    },

    /**
     * Stores a new value for `key`. The audit entry names the key but never the value: settings
     * hold the server's own secrets.
     */
    async replace(key: string, value: string, actor: Actor, at: number): Promise<void> {
      await database.transaction(async (tx) => {
        await tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
        await audit.record(tx, actor, 'update', 'setting', key, { after: { value: 'replaced' } }, at);
        database.announce(tx, { kind: 'setting', key });
      });
    },
  };
}
