/** The export document of a stored configuration (spec §11); configuration-import.ts reads one back. */
import type { Configuration } from '../db/repos/configuration.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument } from '../schemas/export-document.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function toExportDocument(config: Configuration, exportedAt: number): ExportDocument {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: iso(exportedAt),
    people: config.people,
    holidayCalendars: config.holidayCalendars as ExportDocument['holidayCalendars'],
    schedules: config.schedules.map((s) => ({
      id: s.id,
      versions: s.versions.map((v) => ({
        version: v.version,
        effectiveFrom: iso(v.effectiveFrom),
        savedAt: iso(v.savedAt),
        savedBy: v.savedBy,
        document: v.document as ExportDocument['schedules'][number]['versions'][number]['document'],
      })),
    })),
    overrides: config.overrides.map((o) => ({
      id: o.id,
      schedule: o.scheduleId,
      person: o.personId,
      start: iso(o.start),
      end: iso(o.end),
      note: o.note,
      swap: o.swap,
      createdAt: iso(o.createdAt),
      createdBy: o.createdBy,
    })),
    escalationChains: config.escalationChains as ExportDocument['escalationChains'],
    timeOff: config.timeOff.map((t) => ({
      id: t.id,
      person: t.personId,
      start: iso(t.start),
      end: iso(t.end),
      note: t.note,
      createdAt: iso(t.createdAt),
      createdBy: t.createdBy,
    })),
  };
}
