/**
 * `npm run status:export -- DIR` (spec §15): the status page, its JSON and its Atom feed as three
 * static files, for a host apart from Rota's own. Opens the database read for it, renders what
 * the server would serve now, and writes the files atomically (each replaced whole).
 */
import type { AppConfig } from '../config.js';
import { withOfflineServices } from './offline.js';

export async function exportStatusPage(config: AppConfig, dir: string): Promise<void> {
  await withOfflineServices(config, (services) => services.statusPage.exportTo(dir));
}
