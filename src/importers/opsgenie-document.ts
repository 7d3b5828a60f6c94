/**
 * The Opsgenie document (spec §16): what Opsgenie's REST API v2 returns, gathered in one object
 *
 *   { "users":     GET /v2/users                          ({data: [...]} or the bare array),
 *     "schedules": GET /v2/schedules?expand=rotation      ({data: [...]} or the bare array),
 *     "overrides": { "<scheduleId>": GET /v2/schedules/{id}/overrides },          (optional)
 *     "timelines": { "<scheduleId>": GET /v2/schedules/{id}/timeline?... } }      (optional)
 *
 * read into typed records, every field checked against Opsgenie's OpenAPI description
 * (opsgenie-oas: Schedule, ScheduleRotation, TimeRestrictionInterval, ScheduleOverride,
 * ScheduleTimeline). Anything that is not such a document is a SourceDocumentError naming every
 * path at fault; each list and string is bounded first, so an oversized body costs its length only.
 */
import { DateTime } from 'luxon';
import { FIRST_YEAR, LAST_YEAR, RANGE_END, RANGE_START } from '../engine/index.js';
import { DocumentReader, isObject, pointerKey, type Json } from './document-reader.js';
import { SourceDocumentError } from './types.js';

export const OPSGENIE_LIMITS = {
  schedules: 2000,
  users: 10_000,
  /** Overrides over all schedules. */
  overrides: 100_000,
  /** Rotations of one schedule: Rota's bound on the layers of a schedule. */
  rotations: 50,
  participants: 1000,
  /** Restrictions of a weekday-and-time-of-day rotation (Opsgenie allows 15). */
  restrictions: 100,
  /** Periods over all timelines. */
  periods: 200_000,
  string: 1000,
} as const;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type OgWeekday = (typeof WEEKDAYS)[number];

/** A user, team, escalation or "none" as Opsgenie names one (participant, override user, timeline recipient). */
export interface OgRecipient {
  type: string;
  id: string | null;
  /** `username` of participants and override users; `name` of timeline recipients (also the username for users). */
  username: string | null;
  path: string;
}

export interface OgUser {
  id: string;
  username: string;
  fullName: string | null;
  timeZone: string | null;
  path: string;
}

/** Minutes since midnight. */
export interface OgTimeOfDay {
  start: number;
  end: number;
}

export interface OgWeekdaySpan extends OgTimeOfDay {
  startDay: OgWeekday;
  endDay: OgWeekday;
  path: string;
}

export type OgTimeRestriction =
  | { type: 'time-of-day'; restriction: OgTimeOfDay; path: string }
  | { type: 'weekday-and-time-of-day'; restrictions: OgWeekdaySpan[]; path: string };

/** An instant as Opsgenie wrote it (with its offset) and in epoch ms. */
export interface OgInstant {
  text: string;
  ms: number;
}

export interface OgRotation {
  id: string | null;
  name: string | null;
  startDate: OgInstant;
  endDate: OgInstant | null;
  type: 'daily' | 'weekly' | 'hourly';
  length: number;
  participants: OgRecipient[];
  timeRestriction: OgTimeRestriction | null;
  path: string;
}

export interface OgSchedule {
  id: string;
  name: string;
  timezone: string | null;
  enabled: boolean;
  rotations: OgRotation[];
  path: string;
}

export interface OgOverride {
  alias: string | null;
  user: OgRecipient;
  startDate: OgInstant;
  endDate: OgInstant;
  /** Ids or names of the rotations it replaces; empty = all of them. */
  rotations: { id: string | null; name: string | null; path: string }[];
  path: string;
}

export interface OgPeriod {
  startDate: OgInstant;
  endDate: OgInstant;
  type: string;
  recipient: OgRecipient | null;
  flattenedRecipients: OgRecipient[] | null;
  path: string;
}

export interface OgTimeline {
  startDate: OgInstant;
  endDate: OgInstant;
  rotations: { id: string | null; name: string | null; periods: OgPeriod[]; path: string }[];
  path: string;
}

export interface OgDocument {
  users: OgUser[];
  schedules: OgSchedule[];
  /** By schedule id, with the path of the entry (a key nobody owns is a warning of the mapper). */
  overrides: Map<string, { path: string; list: OgOverride[] }>;
  timelines: Map<string, OgTimeline>;
}

/** Opsgenie's shapes over the shared checks. */
class Reader extends DocumentReader {
  private overrides = 0;
  private periods = 0;

  constructor() {
    super(OPSGENIE_LIMITS.string);
  }

  /** An array (at most `max` items), or Opsgenie's `{data: [...]}` response around one (its path then ends in /data). */
  list(v: unknown, path: string, max: number, what: string): { items: unknown[]; path: string } | null {
    if (isObject(v) && 'data' in v) return this.list(v.data, `${path}/data`, max, what);
    const items = this.array(v, path, max, what, ` (or Opsgenie's {"data": [...]} response)`);
    return items && { items, path };
  }

  /** An ISO-8601 instant with Z or an offset, as Opsgenie writes them ("2017-02-06T05:00:00Z"). */
  instant(v: unknown, path: string): OgInstant | null {
    const text = this.string(v, path);
    if (text === null) return null;
    const dt = /(Z|[+-]\d{2}(:?\d{2})?)$/.test(text) ? DateTime.fromISO(text, { setZone: true }) : null;
    if (!dt?.isValid) return this.fail(path, 'must be an ISO-8601 date-time with Z or an offset');
    const ms = dt.toMillis();
    // Rota's calendar arithmetic covers these years only (spec §4 documents are bounded alike).
    if (ms < RANGE_START || ms >= RANGE_END) return this.fail(path, `must lie in the years ${FIRST_YEAR}–${LAST_YEAR}`);
    return { text, ms };
  }

  recipient(v: unknown, path: string): OgRecipient | null {
    const o = this.object(v, path);
    if (!o) return null;
    const type = this.string(o.type, `${path}/type`);
    const id = this.optionalString(o.id, `${path}/id`);
    const username = this.optionalString(o.username, `${path}/username`) ?? this.optionalString(o.name, `${path}/name`);
    return type === null ? null : { type, id, username, path };
  }

  user(v: unknown, path: string): OgUser | null {
    const o = this.object(v, path);
    if (!o) return null;
    const id = this.string(o.id, `${path}/id`);
    const username = this.string(o.username, `${path}/username`);
    const fullName = this.optionalString(o.fullName, `${path}/fullName`);
    const timeZone = this.optionalString(o.timeZone, `${path}/timeZone`);
    return id === null || username === null ? null : { id, username, fullName, timeZone, path };
  }

  /** Hours 0–23 and minutes 0–59 of `prefix`Hour/`prefix`Min as minutes since midnight. */
  private clock(o: Json, prefix: 'start' | 'end', path: string): number | null {
    const h = this.integer(o[`${prefix}Hour`], `${path}/${prefix}Hour`, 0, 23);
    const m = o[`${prefix}Min`] === undefined ? 0 : this.integer(o[`${prefix}Min`], `${path}/${prefix}Min`, 0, 59);
    return h === null || m === null ? null : h * 60 + m;
  }

  private weekday(v: unknown, path: string): OgWeekday | null {
    return WEEKDAYS.includes(v as OgWeekday) ? (v as OgWeekday) : this.fail(path, `must be one of ${WEEKDAYS.join(', ')}`);
  }

  timeRestriction(v: unknown, path: string): OgTimeRestriction | null {
    const o = this.object(v, path);
    if (!o) return null;
    if (o.type === 'time-of-day') {
      const r = this.object(o.restriction, `${path}/restriction`);
      if (!r) return null;
      const start = this.clock(r, 'start', `${path}/restriction`);
      const end = this.clock(r, 'end', `${path}/restriction`);
      return start === null || end === null ? null : { type: 'time-of-day', restriction: { start, end }, path };
    }
    if (o.type === 'weekday-and-time-of-day') {
      const list = this.list(o.restrictions, `${path}/restrictions`, OPSGENIE_LIMITS.restrictions, 'restrictions');
      if (!list) return null;
      const restrictions = list.items.map((item, i): OgWeekdaySpan | null => {
        const at = `${list.path}/${i}`;
        const r = this.object(item, at);
        if (!r) return null;
        const startDay = this.weekday(r.startDay, `${at}/startDay`);
        const endDay = this.weekday(r.endDay, `${at}/endDay`);
        const start = this.clock(r, 'start', at);
        const end = this.clock(r, 'end', at);
        return startDay && endDay && start !== null && end !== null ? { startDay, endDay, start, end, path: at } : null;
      });
      return restrictions.every((r) => r !== null) ? { type: 'weekday-and-time-of-day', restrictions: restrictions as OgWeekdaySpan[], path } : null;
    }
    return this.fail(`${path}/type`, 'must be "time-of-day" or "weekday-and-time-of-day"');
  }

  rotation(v: unknown, path: string): OgRotation | null {
    const o = this.object(v, path);
    if (!o) return null;
    const id = this.optionalString(o.id, `${path}/id`);
    const name = this.optionalString(o.name, `${path}/name`);
    const startDate = this.instant(o.startDate, `${path}/startDate`);
    const endDate = o.endDate === undefined || o.endDate === null ? null : this.instant(o.endDate, `${path}/endDate`);
    const type = ['daily', 'weekly', 'hourly'].includes(o.type as string)
      ? (o.type as OgRotation['type'])
      : this.fail(`${path}/type`, 'must be "daily", "weekly" or "hourly"');
    // Opsgenie's default length is 1; a year of hours bounds what a handoff period can be.
    const length = o.length === undefined ? 1 : this.integer(o.length, `${path}/length`, 1, 8784);
    const list = this.list(o.participants, `${path}/participants`, OPSGENIE_LIMITS.participants, 'participants');
    const participants = list ? list.items.map((p, i) => this.recipient(p, `${list.path}/${i}`)) : null;
    const timeRestriction = o.timeRestriction === undefined || o.timeRestriction === null ? null : this.timeRestriction(o.timeRestriction, `${path}/timeRestriction`);
    if (!startDate || !type || length === null || !participants || participants.some((p) => p === null)) return null;
    if ((o.endDate ?? null) !== null && !endDate) return null;
    if ((o.timeRestriction ?? null) !== null && !timeRestriction) return null;
    return { id, name, startDate, endDate, type, length, participants: participants as OgRecipient[], timeRestriction, path };
  }

  schedule(v: unknown, path: string): OgSchedule | null {
    const o = this.object(v, path);
    if (!o) return null;
    const id = this.string(o.id, `${path}/id`);
    const name = this.string(o.name, `${path}/name`);
    const timezone = this.optionalString(o.timezone, `${path}/timezone`);
    if (o.enabled !== undefined && typeof o.enabled !== 'boolean') this.fail(`${path}/enabled`, 'must be true or false');
    if (o.rotations === undefined) return this.fail(`${path}/rotations`, 'missing: list the schedules with ?expand=rotation');
    const list = this.list(o.rotations, `${path}/rotations`, OPSGENIE_LIMITS.rotations, 'rotations');
    const rotations = list ? list.items.map((r, i) => this.rotation(r, `${list.path}/${i}`)) : null;
    if (id === null || name === null || !rotations || rotations.some((r) => r === null)) return null;
    return { id, name, timezone, enabled: o.enabled !== false, rotations: rotations as OgRotation[], path };
  }

  override(v: unknown, path: string): OgOverride | null {
    if (++this.overrides > OPSGENIE_LIMITS.overrides) return this.fail(path, `at most ${OPSGENIE_LIMITS.overrides} overrides in all`);
    const o = this.object(v, path);
    if (!o) return null;
    const alias = this.optionalString(o.alias, `${path}/alias`);
    const user = this.recipient(o.user, `${path}/user`);
    const startDate = this.instant(o.startDate, `${path}/startDate`);
    const endDate = this.instant(o.endDate, `${path}/endDate`);
    let rotations: (OgOverride['rotations'][number] | null)[] | null = [];
    if (o.rotations !== undefined && o.rotations !== null) {
      const list = this.list(o.rotations, `${path}/rotations`, OPSGENIE_LIMITS.rotations, 'rotations');
      rotations = list
        ? list.items.map((r, i) => {
            const at = `${list.path}/${i}`;
            const ro = this.object(r, at);
            return ro && { id: this.optionalString(ro.id, `${at}/id`), name: this.optionalString(ro.name, `${at}/name`), path: at };
          })
        : null;
    }
    if (!user || !startDate || !endDate || !rotations || rotations.some((r) => r === null)) return null;
    return { alias, user, startDate, endDate, rotations: rotations as OgOverride['rotations'], path };
  }

  period(v: unknown, path: string): OgPeriod | null {
    if (++this.periods > OPSGENIE_LIMITS.periods) return this.fail(path, `at most ${OPSGENIE_LIMITS.periods} timeline periods in all`);
    const o = this.object(v, path);
    if (!o) return null;
    const startDate = this.instant(o.startDate, `${path}/startDate`);
    const endDate = this.instant(o.endDate, `${path}/endDate`);
    const type = o.type === undefined ? 'default' : this.string(o.type, `${path}/type`);
    const recipient = o.recipient === undefined || o.recipient === null ? null : this.recipient(o.recipient, `${path}/recipient`);
    let flattened: (OgRecipient | null)[] | null = null;
    if (o.flattenedRecipients !== undefined && o.flattenedRecipients !== null) {
      const list = this.list(o.flattenedRecipients, `${path}/flattenedRecipients`, OPSGENIE_LIMITS.participants, 'recipients');
      flattened = list ? list.items.map((r, i) => this.recipient(r, `${list.path}/${i}`)) : [null];
    }
    if (!startDate || !endDate || type === null || (o.recipient && !recipient) || flattened?.some((r) => r === null)) return null;
    return { startDate, endDate, type, recipient, flattenedRecipients: flattened as OgRecipient[] | null, path };
  }

  timeline(v: unknown, path: string): OgTimeline | null {
    let o = this.object(v, path);
    if (o && isObject(o.data)) {
      path = `${path}/data`;
      o = o.data;
    }
    if (!o) return null;
    const startDate = this.instant(o.startDate, `${path}/startDate`);
    const endDate = this.instant(o.endDate, `${path}/endDate`);
    const final = this.object(o.finalTimeline, `${path}/finalTimeline`);
    const list = final && this.list(final.rotations ?? [], `${path}/finalTimeline/rotations`, OPSGENIE_LIMITS.rotations, 'rotations');
    const rotations = list
      ? list.items.map((r, i) => {
          const at = `${list.path}/${i}`;
          const ro = this.object(r, at);
          if (!ro) return null;
          const periodList = this.list(ro.periods ?? [], `${at}/periods`, OPSGENIE_LIMITS.periods, 'periods');
          const periods = periodList ? periodList.items.map((p, j) => this.period(p, `${periodList.path}/${j}`)) : null;
          if (!periods || periods.some((p) => p === null)) return null;
          return { id: this.optionalString(ro.id, `${at}/id`), name: this.optionalString(ro.name, `${at}/name`), periods: periods as OgPeriod[], path: at };
        })
      : null;
    if (!startDate || !endDate || !rotations || rotations.some((r) => r === null)) return null;
    if (endDate.ms <= startDate.ms) return this.fail(`${path}/endDate`, 'must be after startDate');
    return { startDate, endDate, rotations: rotations as OgTimeline['rotations'], path };
  }

  /** `{ "<scheduleId>": value }` read by `read` per entry. */
  bySchedule<T>(v: unknown, path: string, read: (value: unknown, path: string) => T | null): Map<string, { path: string; value: T }> {
    const out = new Map<string, { path: string; value: T }>();
    if (v === undefined) return out;
    const o = this.object(v, path);
    if (!o) return out;
    const keys = Object.keys(o);
    if (keys.length > OPSGENIE_LIMITS.schedules) {
      this.fail(path, `at most ${OPSGENIE_LIMITS.schedules} schedules`);
      return out;
    }
    for (const key of keys) {
      const at = `${path}/${pointerKey(key)}`;
      const value = read(o[key], at);
      if (value !== null) out.set(key, { path: at, value });
    }
    return out;
  }
}

/** The document read and checked; throws SourceDocumentError when it is not Opsgenie's. */
export function readOpsgenieDocument(document: unknown): OgDocument {
  const r = new Reader();
  const root = r.object(document, '');
  if (!root) throw new SourceDocumentError(r.problems);
  const userList = r.list(root.users, '/users', OPSGENIE_LIMITS.users, 'users');
  const users = userList ? userList.items.map((u, i) => r.user(u, `${userList.path}/${i}`)) : [];
  const scheduleList = r.list(root.schedules, '/schedules', OPSGENIE_LIMITS.schedules, 'schedules');
  const schedules = scheduleList ? scheduleList.items.map((s, i) => r.schedule(s, `${scheduleList.path}/${i}`)) : [];
  const overrides = r.bySchedule(root.overrides, '/overrides', (v, at) => {
    const list = r.list(v, at, OPSGENIE_LIMITS.overrides, 'overrides');
    const items = list ? list.items.map((o, i) => r.override(o, `${list.path}/${i}`)) : null;
    return items && !items.some((o) => o === null) ? (items as OgOverride[]) : null;
  });
  const timelines = r.bySchedule(root.timelines, '/timelines', (v, at) => r.timeline(v, at));
  r.throwProblems();
  return {
    users: users as OgUser[],
    schedules: schedules as OgSchedule[],
    overrides: new Map([...overrides].map(([k, { path, value }]) => [k, { path, list: value }])),
    timelines: new Map([...timelines].map(([k, { value }]) => [k, value])),
  };
}
