/**
 * Instants in requests (spec §1): ISO-8601 with `Z` or an offset, naming a real calendar
 * date and time in Rota's years 1900–2199. A local time without offset is rejected — its meaning
 * would depend on a zone the caller did not name. Windows (`from`/`to`) are checked here once for
 * every route.
 */
import { FIRST_YEAR, LAST_YEAR, RANGE_END, RANGE_START } from '../engine/index.js';
import { ValidationError, type FieldProblem } from '../errors.js';

// Offsets as RFC 3339 writes them (+01:00) or ISO 8601's basic and hour-only forms (+0100, +01).
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

/** The longest window a timeline question may cover (spec §7). */
export const MAX_WINDOW_YEARS = 3;


/** Epoch ms of `raw`, or null when it is not a strict instant with a real date. */
function toEpoch(raw: string): number | null {
  // In a query string an unencoded "+" arrives as a space: read "…T09:00 01:00" as "+01:00".
  const m = INSTANT.exec(raw.replace(/ (\d{2}(?::?\d{2})?)$/, '+$1'));
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const fraction = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  const zone = m[8]!;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(3).replace(':', '') || 0)];
    if (oh > 23 || om > 59) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second, fraction));
  local.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  if (local.getUTCMonth() !== month - 1 || local.getUTCDate() !== day) return null;
  return local.getTime() - offset;
}

/** `raw` as epoch ms, or the problem that keeps it from being an instant Rota takes. */
function readInstant(raw: string, path: string): number | FieldProblem {
  const ms = toEpoch(raw);
  if (ms === null) return { path, message: `"${raw}" is not an ISO-8601 instant with Z or an offset (e.g. 2027-03-27T08:00:00Z)` };
  // Rota's range of time (README "Range of time", engine/localtime.ts).
  if (ms < RANGE_START || ms >= RANGE_END) return { path, message: `must lie in the years ${FIRST_YEAR}–${LAST_YEAR} (UTC), got ${raw}` };
  return ms;
}

/** Parses an instant from a request; `path` names the field in the 400 ("/start", "/query/at"). */
export function parseInstant(raw: string, path: string): number {
  const ms = readInstant(raw, path);
  if (typeof ms !== 'number') throw new ValidationError([ms]);
  return ms;
}

/**
 * A [from, to) window: both instants, `to` after `from`, at most three years long (calendar
 * years, counted in UTC). `prefix` locates the fields: "/query" for query strings, "" for bodies.
 */
export function parseWindow(raw: { from: string; to: string }, prefix: string): { from: number; to: number } {
  const from = readInstant(raw.from, `${prefix}/from`);
  const to = readInstant(raw.to, `${prefix}/to`);
  if (typeof from !== 'number' || typeof to !== 'number') {
    throw new ValidationError([from, to].filter((p): p is FieldProblem => typeof p !== 'number'));
  }
  const problems = windowProblems(from, to, prefix);
  if (problems.length > 0) throw new ValidationError(problems);
  return { from, to };
}

/** What keeps [from, to) from being a window: `to` not after `from`, or more than three years between. */
export function windowProblems(from: number, to: number, prefix: string): FieldProblem[] {
  const limit = new Date(from);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_WINDOW_YEARS);
  if (to <= from) return [{ path: `${prefix}/to`, message: 'must be after from' }];
  if (to > limit.getTime()) return [{ path: `${prefix}/to`, message: `the window may span at most ${MAX_WINDOW_YEARS} years` }];
  return [];
}

/** `raw` parsed when given, else the clock's now (the services' clock, so tests can hold it). */
export function instantOrNow(raw: string | undefined, path: string, now: () => number): number {
  return raw === undefined ? now() : parseInstant(raw, path);
}
