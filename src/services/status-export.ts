/**
 * `npm run status:export -- DIR` (spec §15): the status page, its JSON and its Atom feed as three
 * static files, for a host apart from Rota's own. Opens the database read for it, renders what
 * the server would serve now, and writes the files atomically (each replaced whole).
 */
import { createComputePool } from '../compute/pool.js';
import type { AppConfig } from '../config.js';
import { openRepositories } from '../db/index.js';
import { createServices } from './index.js';

export async function exportStatusPage(config: AppConfig, dir: string): Promise<void> {
  const repos = await openRepositories(config);
  const pool = createComputePool({ deadlineMs: config.computeDeadlineMs ?? 10_000 });
  try {
    const services = createServices({
      repos,
      pool,
      now: config.now ?? Date.now,
      publicUrl: config.publicUrl ?? null,
      // Nothing is sent from here: only the page is rendered.
      notifications: { allowPrivate: false, smtpConfigured: false, delivery: { timeoutMs: 0, allowPrivate: false, smtp: null } },
      statusExportDir: null,
      log: { warn: (obj, msg) => console.error(msg, obj) },
    });
    await services.statusPage.exportTo(dir);
  } finally {
    await pool.close();
    await repos.close();
  }
}
