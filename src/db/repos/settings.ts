import { eq } from 'drizzle-orm';
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
  };
}
