/**
 * TypeBox pieces shared by the documents Rota reads — request bodies (src/http) and the export
 * document (src/schemas/export-document.ts) — so neither layer reaches into the other.
 */
import { Type } from 'typebox';

export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

export const Slug = Type.String({
  pattern: SLUG_PATTERN,
  maxLength: 63,
  description: 'A slug chosen by the admin: lower-case letters, digits and dashes, 1–63 characters',
  examples: ['alice'],
});

/**
 * Bounds of request fields shared by a route and the export document (the schedule document's
 * own are SCHEDULE_LIMITS in src/engine/limits.ts). README "Limits" lists them all.
 */
export const LIMITS = {
  /** Levels of an escalation chain, and targets per level. */
  chainLevels: 20,
  chainTargets: 20,
  /** Dates a holiday calendar includes, and dates it excludes. */
  calendarDates: 1000,
  /** Characters of a name (calendar, holiday, chain). */
  name: 200,
  /** Characters of an override's note. */
  note: 1000,
} as const;

