/**
 * Replacing the whole configuration with an export document (spec §11): checked whole, held to
 * the coverage guarantee like a PUT, then applied in one transaction, all or nothing.
 */
import type { Actor, Repositories } from '../db/index.js';
import type { ComputePool } from '../compute/pool.js';
import type { ExportDocument } from '../schemas/export-document.js';
import { configurationFromImport, coverageSubjects } from '../portability/import.js';
import { GUARD_HORIZON, refuseGaps } from './coverage-guard.js';

/** Schedules checked per worker task. */
const BATCH = 250;

export type ConfigurationService = ReturnType<typeof configurationService>;

export function configurationService(repos: Repositories, pool: ComputePool, now: () => number, forgetCaches: () => void) {
  return {
    async import(doc: ExportDocument, actor: Actor) {
      // Exclusive: no guarded write may decide against the old configuration and commit after us.
      return repos.exclusive(async () => {
        const at = now();
        const config = configurationFromImport(doc, at);
        const subjects = coverageSubjects(config).filter((s) => s.data.versions.some((v) => v.document.requireCoverage !== false));
        for (let b = 0; b < subjects.length; b += BATCH) {
          const batch = subjects.slice(b, b + BATCH);
          const gaps = await pool.gaps({ schedules: batch.map((s) => s.data), from: at, to: at + GUARD_HORIZON });
          gaps.forEach((g, i) => {
            if (g.length > 0) refuseGaps(batch[i]!.id, g, 'the import');
          });
        }
        const { before, after } = await repos.configuration.replace(config, actor, at);
        forgetCaches();
        return { replaced: before, imported: after };
      });
    },
  };
}
