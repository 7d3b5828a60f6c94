/**
 * The whole configuration at once (spec §11): the export document, replacing everything with
 * one (checked whole, held to the coverage guarantee like a PUT, applied in one transaction, all
 * or nothing), and the credential-free copy of the database an admin downloads.
 */
import type { Actor, Repositories } from '../db/index.js';
import type { ComputePool } from '../compute/pool.js';
import { credentialFreeSnapshotTo } from '../db/sqlite-backup.js';
import type { ExportDocument } from '../schemas/export-document.js';
import { toExportDocument } from './configuration-export.js';
import { configurationFromImport, guardedSchedules } from './configuration-import.js';
import { assertCovered } from './coverage-guard.js';
import type { TimelineCache } from './timeline-cache.js';

export type ConfigurationService = ReturnType<typeof configurationService>;

export function configurationService(repos: Repositories, timelines: TimelineCache, pool: ComputePool, now: () => number) {
  return {
    /** The configuration as an export document, stamped with the clock. */
    async export(): Promise<ExportDocument> {
      return toExportDocument(await repos.configuration.read(), now());
    },

    async import(doc: ExportDocument, actor: Actor) {
      // Exclusive: no guarded write may decide against the old configuration and commit after us.
      return repos.exclusive(async () => {
        const at = now();
        const config = configurationFromImport(doc, at);
        await assertCovered(pool, await guardedSchedules(config, timelines, at), at, 'the import');
        const { before, after } = await repos.configuration.replace(config, actor, at);
        return { replaced: before, imported: after };
      });
    },

    /**
     * A consistent copy of the database at `file`, taken while the server keeps serving, without
     * any credential (restored with `npm run restore`; the complete copy is `npm run backup`'s).
     */
    backupTo: (file: string): Promise<void> => repos.betweenWrites((sqlite) => credentialFreeSnapshotTo(sqlite, file)),
  };
}
