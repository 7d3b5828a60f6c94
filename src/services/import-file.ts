/**
 * `npm run import -- SOURCE FILE [--apply]` (spec §16): an import from another on-call tool, read
 * from a file and run against the database as the server would run it (same checks, same
 * verification, one transaction). The server may keep running (SQLite serializes writes with it).
 */
import { readFile } from 'node:fs/promises';
import type { AppConfig } from '../config.js';
import type { Actor } from '../db/index.js';
import { ValidationError } from '../errors.js';
import { withOfflineServices } from './offline.js';
import type { ImportReport, Mappers } from './moving-in.js';

/** Who the audit trail names for a command-line import. */
const CLI_ACTOR: Actor = { type: 'system', id: 'import-cli', label: 'npm run import' };

/** The JSON document in `file`; a 400 naming the file when it is not JSON. */
async function documentIn(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ValidationError([{ path: '', message: `${file} is not JSON: ${err instanceof Error ? err.message : String(err)}` }]);
  }
}

export async function importFile(
  config: AppConfig,
  request: { source: string; file: string; apply: boolean; requireCoverage: boolean },
  mappers?: Mappers,
): Promise<ImportReport> {
  const document = await documentIn(request.file);
  return withOfflineServices(
    config,
    (services) => services.movingIn.importFrom(request.source, document, { dryRun: !request.apply, requireCoverage: request.requireCoverage }, CLI_ACTOR),
    mappers ? { mappers } : {},
  );
}
