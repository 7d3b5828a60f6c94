/**
 * `npm run status:export -- DIR`: writes the status page as static files — index.html,
 * status.json, feed.atom — into DIR (created if missing), each replaced atomically, so any static
 * host can serve them when Rota's own host is down (src/services/status-export.ts). A running
 * server does the same on every change with ROTA_STATUS_EXPORT_DIR.
 */
import { configFromEnv } from '../config.js';
import { exportStatusPage } from '../services/status-export.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run status:export -- DIR');
  process.exit(2);
}
const config = configFromEnv();
try {
  await exportStatusPage(config, dir);
  console.log(`wrote index.html, status.json and feed.atom to ${dir}`);
} catch (err) {
  console.error(`status export failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
