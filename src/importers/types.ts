/**
 * Moving in from another on-call tool (spec §16): what a source mapper makes of the document a
 * tool's own API returned. Mappers (one module per source) are pure — no I/O, no clock, no
 * process TZ — and say what did not map as warnings with the JSON path of the construct, never
 * approximating silently. The service (src/services/moving-in.ts) matches people to stored ones,
 * checks and verifies the documents, and applies them.
 */
import type { ScheduleDoc } from '../engine/index.js';

export const SOURCES = ['pagerduty', 'opsgenie', 'grafana-oncall', 'goalert'] as const;
export type Source = (typeof SOURCES)[number];

/** A JSON-pointer path into the source document and what happened to what is there. */
export interface ImportWarning {
  path: string;
  message: string;
}

/** A person of the source. `id` is a proposed slug (see ids.ts); the service may map it to a stored person with the same email. */
export interface ImportedPerson {
  id: string;
  name: string;
  email: string | null;
  timeZone: string | null;
  /** The source's own id (for messages and the report). */
  sourceId: string;
}

/** A schedule made from the source's; its document names people by their proposed ids. */
export interface ImportedSchedule {
  id: string;
  document: ScheduleDoc;
  sourceId: string;
}

/** An override (instants in ms) of an imported schedule. */
export interface ImportedOverride {
  schedule: string;
  person: string;
  start: number;
  end: number;
  note: string | null;
}

/**
 * The source's own rendered final timeline of one schedule over [from, to), when the document
 * carries it: who it says is on call when (null = nobody), by proposed person ids.
 */
export interface ExpectedTimeline {
  schedule: string;
  from: number;
  to: number;
  entries: { start: number; end: number; person: string | null }[];
}

export interface SourceImport {
  people: ImportedPerson[];
  schedules: ImportedSchedule[];
  overrides: ImportedOverride[];
  warnings: ImportWarning[];
  expected: ExpectedTimeline[];
}

/** A document that is not what the source's API returns (a 400 naming each path). */
export class SourceDocumentError extends Error {
  constructor(readonly problems: ImportWarning[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
}

/** A source mapper: the whole document in, Rota's documents out; throws SourceDocumentError. */
export type SourceMapper = (document: unknown) => SourceImport;
