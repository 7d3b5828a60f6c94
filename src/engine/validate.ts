/**
 * Semantic and structural validation of a schedule document (spec §4). Collects every problem
 * with a JSON-pointer path instead of stopping at the first, so the web form can mark them all.
 */
import { Duration } from 'luxon';
import type { ValidationProblem } from './types.js';
import { DAY, FIRST_YEAR, LAST_YEAR, MINUTE, RANGE_END, RANGE_START, isValidZone, parseClock, parseLocalDateTime, toInstant } from './localtime.js';
import { REQUIRED, SLUG_ADVICE, unknownZoneMessage, useOneOf } from './messages.js';
import { parseRecur, recurrenceOf, untilBound } from './recurrence/index.js';
import { weekdayIndex, WEEKDAYS } from './weekdays.js';
import { SCHEDULE_LIMITS as LIMITS } from './limits.js';

export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface KnownIds {
  people?: ReadonlySet<string>;
  calendars?: ReadonlySet<string>;
}

type Problems = ValidationProblem[];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * False, with a problem naming the limit, when a list is longer than its bound: its items are then
 * not looked at, so an oversized list costs nothing beyond its length.
 */
function withinBound(list: readonly unknown[], path: string, p: Problems, max: number, what: string): boolean {
  if (list.length <= max) return true;
  p.push({ path, message: `at most ${max} ${what}` });
  return false;
}

/** True (with a problem recorded) for a string longer than `max` characters. */
function tooLong(v: unknown, path: string, p: Problems, max: number): boolean {
  if (typeof v !== 'string' || v.length <= max) return false;
  p.push({ path, message: `at most ${max} characters` });
  return true;
}

function checkPersonRef(v: unknown, path: string, p: Problems, known: KnownIds): void {
  if (typeof v !== 'string' || !SLUG.test(v)) {
    p.push({ path, message: 'must be a person id (a slug like "alice")' });
    return;
  }
  if (known.people && !known.people.has(v)) p.push({ path, message: `unknown person "${v}"` });
}

function checkLocalDateTime(v: unknown, path: string, p: Problems): number | null {
  const ms = typeof v === 'string' ? parseLocalDateTime(v) : null;
  if (ms === null) p.push({ path, message: 'Use a local date and time like 2027-01-04T09:00 (no offset)' });
  else if (ms < RANGE_START || ms >= RANGE_END) p.push({ path, message: `must lie in the years ${FIRST_YEAR}–${LAST_YEAR}` });
  else return ms;
  return null;
}

function checkClock(v: unknown, path: string, p: Problems, allow24: boolean): void {
  if (typeof v === 'string' && parseClock(v, allow24) !== null) return;
  p.push({ path, message: allow24 ? 'Use a time like 17:00 (00:00 to 24:00)' : 'Use a time like 09:00 (00:00 to 23:59; 24:00 only as an end)' });
}

function checkDayClock(v: unknown, path: string, p: Problems, allow24: boolean): void {
  const [day, clock, extra] = typeof v === 'string' ? v.split(' ') : [];
  if (weekdayIndex(day ?? '') >= 0 && extra === undefined && parseClock(clock ?? '', allow24) !== null) return;
  p.push({ path, message: `Use a day and time like FR 17:00 (days MO to SU${allow24 ? '' : '; 24:00 only as an end'})` });
}

/** `zone`: the schedule's zone when valid, else null. */
function checkRotation(rot: unknown, zone: string | null, path: string, p: Problems): void {
  if (!isObject(rot)) {
    p.push({ path, message: 'rotation must be an object' });
    return;
  }
  const forms = (['every', 'rrule', 'per'] as const).filter((k) => rot[k] !== undefined);
  if (forms.length !== 1) {
    p.push({ path, message: 'Give exactly one of every, rrule or per: how the rotation hands off' });
  }
  const start = checkLocalDateTime(rot.start, `${path}/start`, p);
  if (rot.every !== undefined && !tooLong(rot.every, `${path}/every`, p, LIMITS.duration)) checkEvery(rot.every, `${path}/every`, p);
  // The recurrence parser bounds the rule's length itself (and says so in its own words).
  if (rot.rrule !== undefined) checkRRule(rot.rrule, start, zone ?? 'UTC', `${path}/rrule`, p);
  if (rot.per !== undefined && rot.per !== 'window') p.push({ path: `${path}/per`, message: useOneOf(['window']) });
}

/**
 * Handoffs at least 15 minutes apart keep a 3-year timeline to ~100k shifts; months and years
 * must be whole (luxon cannot add half a month in wall-clock time).
 */
const MIN_HANDOFF = 15 * MINUTE;

function checkEvery(every: unknown, path: string, p: Problems): void {
  const d = typeof every === 'string' ? Duration.fromISO(every) : null;
  if (!d || !d.isValid || Object.values(d.toObject()).some((x) => x < 0)) {
    p.push({ path, message: 'Use an ISO-8601 duration like P1W (a week), P1D or PT8H' });
  } else if (d.as('milliseconds') < MIN_HANDOFF) {
    p.push({ path, message: 'Use 15 minutes (PT15M) or more' });
  } else if (![d.years, d.quarters, d.months].every(Number.isInteger)) {
    p.push({ path, message: 'Use whole years and months (P1M, not P1.5M)' });
  }
}

/** Today's window for "no occurrence" (as rrule.js's check counted it): ten 366-day years. */
const NO_OCCURRENCE_SPAN = 10 * 366 * DAY;

/** `zone`: where an UNTIL with Z is placed; an unknown zone is refused on its own, so UTC stands in. */
function checkRRule(rule: unknown, start: number | null, zone: string, path: string, p: Problems): void {
  if (typeof rule !== 'string') {
    p.push({ path, message: 'must be an RFC 5545 rule like "FREQ=WEEKLY;BYDAY=MO"' });
    return;
  }
  const parsed = parseRecur(rule);
  if (!parsed.ok) {
    for (const message of parsed.problems) p.push({ path, message });
    return;
  }
  if (start === null) return;
  // A rule that never fires after its start (e.g. Feb 30) is a mistake, even though DTSTART
  // counts — unless it is written to stop at once. The expander counts (bounded), never walks.
  const { count, until } = parsed.rule;
  const stopsAtOnce = count === 1 || (until !== null && untilBound(until, zone).last <= start);
  if (!stopsAtOnce && recurrenceOf(parsed.rule, start, zone).count(start + 1, start + NO_OCCURRENCE_SPAN + 1) === 0) {
    p.push({ path, message: 'rule has no occurrence within 10 years of the start' });
  }
}

function checkWeekly(spans: unknown, path: string, p: Problems): void {
  if (!Array.isArray(spans)) {
    p.push({ path, message: 'must be an array' });
    return;
  }
  if (!withinBound(spans, path, p, LIMITS.weekly, 'weekly spans')) return;
  spans.forEach((span, i) => {
    const at = `${path}/${i}`;
    if (!isObject(span)) {
      p.push({ path: at, message: 'must be an object' });
      return;
    }
    if (span.days !== undefined) {
      if (!Array.isArray(span.days) || span.days.length === 0) {
        p.push({ path: `${at}/days`, message: 'Add at least 1 day (MO to SU)' });
      } else if (withinBound(span.days, `${at}/days`, p, LIMITS.days, 'days')) {
        span.days.forEach((d, j) => {
          if (typeof d !== 'string' || weekdayIndex(d) < 0) p.push({ path: `${at}/days/${j}`, message: useOneOf(WEEKDAYS) });
        });
      }
      checkClock(span.from, `${at}/from`, p, false);
      checkClock(span.to, `${at}/to`, p, true);
    } else {
      checkDayClock(span.from, `${at}/from`, p, false);
      checkDayClock(span.to, `${at}/to`, p, true);
    }
  });
}

function checkActiveWhen(aw: unknown, path: string, p: Problems, known: KnownIds): void {
  if (!isObject(aw)) {
    p.push({ path, message: 'activeWhen must be an object' });
    return;
  }
  for (const key of Object.keys(aw)) {
    if (!['weekly', 'holidays', 'dates'].includes(key)) p.push({ path: `${path}/${key}`, message: `unknown field "${key}"` });
  }
  // An empty union is never active — almost certainly meant as "always", which is spelled by
  // leaving activeWhen out.
  const entries = ['weekly', 'holidays', 'dates'].reduce(
    (n, k) => n + (aw[k] === undefined ? 0 : Array.isArray(aw[k]) ? (aw[k] as unknown[]).length : 1),
    0,
  );
  if (entries === 0) p.push({ path, message: 'Add a weekly span, a holiday calendar or a date range, or leave activeWhen out for a layer that is always active' });
  if (aw.weekly !== undefined) checkWeekly(aw.weekly, `${path}/weekly`, p);
  if (aw.holidays !== undefined) {
    if (!Array.isArray(aw.holidays)) p.push({ path: `${path}/holidays`, message: 'must be an array' });
    else if (withinBound(aw.holidays, `${path}/holidays`, p, LIMITS.holidays, 'holiday entries'))
      aw.holidays.forEach((h, i) => {
        const at = `${path}/holidays/${i}`;
        if (!isObject(h)) return void p.push({ path: at, message: 'must be an object' });
        if (typeof h.calendar !== 'string' || !SLUG.test(h.calendar)) {
          p.push({ path: `${at}/calendar`, message: 'Choose a holiday calendar (its id, like de-be)' });
        } else if (known.calendars && !known.calendars.has(h.calendar)) {
          p.push({ path: `${at}/calendar`, message: `No holiday calendar has the id "${h.calendar}": choose a saved one` });
        }
        if (h.from !== undefined) checkClock(h.from, `${at}/from`, p, false);
        if (h.to !== undefined) checkClock(h.to, `${at}/to`, p, true);
      });
  }
  if (aw.dates !== undefined) {
    if (!Array.isArray(aw.dates)) p.push({ path: `${path}/dates`, message: 'must be an array' });
    else if (withinBound(aw.dates, `${path}/dates`, p, LIMITS.dates, 'date ranges'))
      aw.dates.forEach((d, i) => {
        const at = `${path}/dates/${i}`;
        if (!isObject(d)) return void p.push({ path: at, message: 'must be an object' });
        const start = checkLocalDateTime(d.start, `${at}/start`, p);
        const end = checkLocalDateTime(d.end, `${at}/end`, p);
        if (start !== null && end !== null && end <= start) p.push({ path: `${at}/end`, message: 'Use an end after the start' });
      });
  }
}

/**
 * `end` (spec §4): a local date-time after the rotation start. Compared as instants under the §1
 * rule when the zone is known, as the engine cuts the layer: "02:30" on a spring-forward day
 * lands after a later-written "03:00", and a layer ending there would never be active.
 */
function checkEnd(layer: Record<string, unknown>, zone: string | null, path: string, p: Problems): void {
  const end = checkLocalDateTime(layer.end, path, p);
  const rotation = layer.rotation;
  const start = isObject(rotation) && typeof rotation.start === 'string' ? parseLocalDateTime(rotation.start) : null;
  // A bad rotation start has its own problem; there is nothing to compare with.
  if (end === null || start === null || start < RANGE_START || start >= RANGE_END) return;
  const after = zone ? toInstant(zone, end) > toInstant(zone, start) : end > start;
  if (!after) p.push({ path, message: 'Use a time after the rotation start' });
}

function checkLayer(layer: unknown, zone: string | null, path: string, p: Problems, known: KnownIds): void {
  if (!isObject(layer)) {
    p.push({ path, message: 'layer must be an object' });
    return;
  }
  if (typeof layer.id !== 'string' || !SLUG.test(layer.id)) p.push({ path: `${path}/id`, message: `${SLUG_ADVICE}, like weekend` });
  if (layer.name !== undefined && typeof layer.name !== 'string') p.push({ path: `${path}/name`, message: 'name must be a string' });
  tooLong(layer.name, `${path}/name`, p, LIMITS.name);
  if (!Array.isArray(layer.participants)) p.push({ path: `${path}/participants`, message: 'participants must be an array' });
  else if (withinBound(layer.participants, `${path}/participants`, p, LIMITS.participants, 'participants')) {
    layer.participants.forEach((id, i) => checkPersonRef(id, `${path}/participants/${i}`, p, known));
  }
  checkRotation(layer.rotation, zone, `${path}/rotation`, p);
  if (layer.activeWhen !== undefined) checkActiveWhen(layer.activeWhen, `${path}/activeWhen`, p, known);
  if (layer.end !== undefined) checkEnd(layer, zone, `${path}/end`, p);
  if (layer.whenAway !== undefined && layer.whenAway !== 'next' && layer.whenAway !== 'keep') {
    p.push({ path: `${path}/whenAway`, message: useOneOf(['next', 'keep']) });
  }
}

/** Every problem of `doc`, or [] when `compileSchedule` may take it. */
export function validateSchedule(doc: unknown, known: KnownIds = {}): ValidationProblem[] {
  const p: Problems = [];
  if (!isObject(doc)) return [{ path: '', message: 'schedule must be an object' }];
  if (doc.id !== undefined && (typeof doc.id !== 'string' || !SLUG.test(doc.id))) p.push({ path: '/id', message: `${SLUG_ADVICE}, like comms` });
  if (typeof doc.name !== 'string' || doc.name.trim() === '') p.push({ path: '/name', message: REQUIRED });
  else tooLong(doc.name, '/name', p, LIMITS.name);
  if (typeof doc.timeZone !== 'string') p.push({ path: '/timeZone', message: REQUIRED });
  else if (!tooLong(doc.timeZone, '/timeZone', p, LIMITS.timeZone) && !isValidZone(doc.timeZone)) p.push({ path: '/timeZone', message: unknownZoneMessage(doc.timeZone) });
  if (doc.fallback !== undefined && doc.fallback !== null) checkPersonRef(doc.fallback, '/fallback', p, known);
  if (doc.requireCoverage !== undefined && typeof doc.requireCoverage !== 'boolean') {
    p.push({ path: '/requireCoverage', message: 'requireCoverage must be a boolean' });
  }
  if (!Array.isArray(doc.layers)) {
    p.push({ path: '/layers', message: 'layers must be an array' });
    return p;
  }
  if (!withinBound(doc.layers, '/layers', p, LIMITS.layers, 'layers')) return p;
  const seen = new Set<string>();
  const zone = typeof doc.timeZone === 'string' && isValidZone(doc.timeZone) ? doc.timeZone : null;
  doc.layers.forEach((layer, i) => {
    checkLayer(layer, zone, `/layers/${i}`, p, known);
    const id = isObject(layer) ? layer.id : undefined;
    if (typeof id === 'string') {
      if (seen.has(id)) p.push({ path: `/layers/${i}/id`, message: `Use another id: an earlier layer has "${id}"` });
      seen.add(id);
    }
  });
  return p;
}
