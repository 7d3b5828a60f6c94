/**
 * The services as a command-line tool uses them (status:export, import): on the configured
 * database, with a compute pool of their own, sending nothing — the server's notifier sees what
 * they wrote when it next looks. Everything is closed again when `use` settles.
 */
import { createComputePool } from '../compute/pool.js';
import type { AppConfig } from '../config.js';
import { openRepositories } from '../db/index.js';
import { createServices, type ServiceDeps, type Services } from './index.js';

export async function withOfflineServices<T>(config: AppConfig, use: (services: Services) => Promise<T>, extra: Partial<ServiceDeps> = {}): Promise<T> {
  const repos = await openRepositories(config);
  const pool = createComputePool({ deadlineMs: config.computeDeadlineMs ?? 10_000 });
  try {
    return await use(
      createServices({
        repos,
        pool,
        now: config.now ?? Date.now,
        publicUrl: config.publicUrl ?? null,
        notifications: { allowPrivate: false, smtpConfigured: false, delivery: { timeoutMs: 0, allowPrivate: false, smtp: null } },
        statusExportDir: null,
        log: { warn: (obj, msg) => console.error(msg, obj) },
        ...extra,
      }),
    );
  } finally {
    await pool.close();
    await repos.close();
  }
}
