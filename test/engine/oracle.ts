/**
 * An independent, deliberately naive reference for "who is on call at instant t" (spec §1, §4).
 *
 * Shares NOTHING with src/engine except the document and override types: its own local-time
 * resolution (luxon, both candidate offsets checked by reading the wall clock back), its own
 * duration and RRULE expansion (a small hand-written subset), and its own ActiveWhen test that
 * looks at the span occurrences around t one by one. Rotations are stepped handoff by handoff
 * from `start`; per-window rotations are stepped through time on a quarter-hour grid from
 * `start` (every boundary of the generated schedules is quarter-hour aligned, which `resolve`
 * asserts, so the grid sees every edge). A layer's `end` is resolved like any local time and
 * compared with t; whenAway "next" tries participants k, k+1, … against every time-off entry.
 * Slow on purpose; only for tests.
 */
import { DateTime } from 'luxon';
import type { HolidayLookup, LayerDoc, OverrideInput, ScheduleDoc, ShiftSource, TimeOffInput } from '../../src/engine/types.js';

const MIN = 60_000;
const Q = 15 * MIN;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface OracleAnswer {
  personId: string | null;
  source: ShiftSource;
  layerId: string | null;
  overrideId: string | null;
}

/**
 * The zone's offsets, learnt from luxon once per UTC year: the offset at Jan 1 00:00Z plus each
 * change found by a 6-hourly scan and bisected to the millisecond (no real zone changes twice in
 * 6 hours). Offsets are then a table lookup: luxon costs ~15 µs a call, too slow to step with.
 */
interface YearTable {
  first: number;
  changes: { at: number; offset: number }[];
}
const tables = new Map<string, YearTable>();

const luxonOffset = (zone: string, t: number): number => DateTime.fromMillis(t, { zone }).offset * MIN;

function yearTable(zone: string, year: number): YearTable {
  const key = `${zone}|${year}`;
  let table = tables.get(key);
  if (table) return table;
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  table = { first: luxonOffset(zone, from), changes: [] };
  const step = 6 * HOUR;
  let b = table.first;
  for (let t = from; t < to; t += step) {
    const end = Math.min(t + step, to);
    const a = b;
    b = luxonOffset(zone, end);
    if (a === b) continue;
    let lo = t;
    let hi = end;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (luxonOffset(zone, mid) === a) lo = mid;
      else hi = mid;
    }
    if (hi < to) table.changes.push({ at: hi, offset: b });
  }
  tables.set(key, table);
  return table;
}

/** Offset (ms) of `zone` at instant t. */
export function oracleOffset(zone: string, t: number): number {
  const table = yearTable(zone, new Date(t).getUTCFullYear());
  let offset = table.first;
  for (const c of table.changes) if (c.at <= t) offset = c.offset;
  return offset;
}

const resolved = new Map<string, number>();

/**
 * Naive local time → instant, spec §1: try every offset the zone uses within two days of the
 * wall time; keep the candidates whose wall clock reads back as `naive`; the earliest wins
 * (repeated time). None reads back (skipped time): read it with the pre-gap offset, i.e. the
 * smaller one, which lands exactly `gap length` later on the wall clock.
 */
export function resolve(zone: string, naive: number): number {
  const key = `${zone}|${naive}`;
  const hit = resolved.get(key);
  if (hit !== undefined) return hit;
  const offsets = new Set<number>();
  for (let probe = naive - 2 * DAY; probe <= naive + 2 * DAY; probe += 3 * HOUR) offsets.add(oracleOffset(zone, probe));
  const valid = [...offsets].map((o) => naive - o).filter((c) => c + oracleOffset(zone, c) === naive);
  let out: number;
  if (valid.length > 0) out = Math.min(...valid);
  else {
    const pre = Math.min(...offsets);
    const post = Math.max(...offsets);
    out = naive - pre;
    if (out + oracleOffset(zone, out) !== naive + (post - pre)) throw new Error(`oracle: odd gap at ${new Date(naive).toISOString()} ${zone}`);
  }
  if (out % Q !== 0) throw new Error(`oracle: instant not quarter-hour aligned (${zone} ${new Date(naive).toISOString()})`);
  resolved.set(key, out);
  return out;
}

/** "YYYY-MM-DDTHH:mm" → naive ms. */
export function naiveOf(s: string): number {
  const [date, time] = s.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm);
}

const clockMin = (s: string): number => {
  const [h, m] = s.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** Monday = 0 weekday of a naive day. */
const weekdayOf = (naive: number): number => (new Date(naive).getUTCDay() + 6) % 7;
const dateStr = (naive: number): string => new Date(naive).toISOString().slice(0, 10);
const daysInMonth = (y: number, m0: number): number => new Date(Date.UTC(y, m0 + 1, 0)).getUTCDate();

/** Naive [start, end) of one candidate activity occurrence. */
type Occ = [number, number];

/** Every ActiveWhen occurrence that could contain an instant whose UTC day is `utcDay`. */
function occurrencesNear(layer: LayerDoc, holidays: HolidayLookup, utcDay: number): Occ[] {
  const aw = layer.activeWhen!;
  const out: Occ[] = [];
  // Local dates are within a day of the UTC date; spans last at most 8 days.
  for (let D = utcDay - 9 * DAY; D <= utcDay + DAY; D += DAY) {
    const wd = weekdayOf(D);
    for (const span of aw.weekly ?? []) {
      if ('days' in span) {
        if (!span.days.some((d) => DAYS.indexOf(d) === wd)) continue;
        const from = clockMin(span.from);
        let to = clockMin(span.to);
        if (to <= from) to += 1440;
        out.push([D + from * MIN, D + to * MIN]);
      } else {
        const [fd, fc] = span.from.split(' ') as [string, string];
        const [td, tc] = span.to.split(' ') as [string, string];
        if (DAYS.indexOf(fd) !== wd) continue;
        const from = DAYS.indexOf(fd) * 1440 + clockMin(fc);
        let to = DAYS.indexOf(td) * 1440 + clockMin(tc);
        if (to <= from) to += 7 * 1440;
        out.push([D + clockMin(fc) * MIN, D + clockMin(fc) * MIN + (to - from) * MIN]);
      }
    }
    if (D >= utcDay - 3 * DAY) {
      for (const h of aw.holidays ?? []) {
        const year = new Date(D).getUTCFullYear();
        if (!holidays(h.calendar, year).includes(dateStr(D))) continue;
        const from = clockMin(h.from ?? '00:00');
        let to = clockMin(h.to ?? '24:00');
        if (to <= from) to += 1440;
        out.push([D + from * MIN, D + to * MIN]);
      }
    }
  }
  for (const d of aw.dates ?? []) out.push([naiveOf(d.start), naiveOf(d.end)]);
  return out;
}

/** Resolved occurrences per layer and UTC day (a memo only: the same list is rebuilt identically). */
const nearMemo = new WeakMap<LayerDoc, Map<string, Occ[]>>();

/** ActiveWhen at t (ignoring the rotation start): some occurrence's resolved [start, end) holds t. */
function activeWhenAt(zone: string, layer: LayerDoc, holidays: HolidayLookup, t: number): boolean {
  if (!layer.activeWhen) return true;
  const utcDay = Math.floor(t / DAY) * DAY;
  let memo = nearMemo.get(layer);
  if (!memo) nearMemo.set(layer, (memo = new Map()));
  const key = `${zone}|${utcDay}`;
  let occ = memo.get(key);
  if (!occ) {
    occ = occurrencesNear(layer, holidays, utcDay).map(([s, e]): Occ => [resolve(zone, s), resolve(zone, e)]);
    memo.set(key, occ);
  }
  return occ.some(([s, e]) => s <= t && t < e);
}

/** ISO duration (the subset the tests use): {months} or {ms}. */
function parseEvery(every: string): { months: number; ms: number } {
  const m = /^P(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(every);
  if (!m) throw new Error(`oracle: unsupported duration ${every}`);
  const [months, weeks, days, hours, minutes] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  if (months! > 0 && weeks! + days! + hours! + minutes! > 0) throw new Error(`oracle: mixed duration ${every}`);
  return { months: months!, ms: ((weeks! * 7 + days!) * 24 * 60 + hours! * 60 + minutes!) * MIN };
}

/** start + k months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
function addMonths(naive: number, k: number): number {
  const d = new Date(naive);
  const y = d.getUTCFullYear();
  const m0 = d.getUTCMonth() + k;
  const ty = y + Math.floor(m0 / 12);
  const tm = ((m0 % 12) + 12) % 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(ty, tm));
  return Date.UTC(ty, tm, day, d.getUTCHours(), d.getUTCMinutes());
}

/**
 * Handoff k's naive local time, k = 0, 1, 2 … in order, until the callback returns false. For
 * RRULEs, a hand-written expansion of the subset the tests generate: FREQ DAILY/WEEKLY/MONTHLY
 * (day by day), HOURLY; BYDAY (plain days), BYMONTHDAY (±), BYHOUR, BYMINUTE, INTERVAL for
 * HOURLY/DAILY. Occurrence 0 is always `start` (RFC 5545 DTSTART); then rule hits after it.
 */
function stepHandoffs(rot: { every: string; start: string } | { rrule: string; start: string }, visit: (local: number) => boolean): void {
  const start = naiveOf(rot.start);
  if ('every' in rot) {
    const d = parseEvery(rot.every);
    for (let k = 0; ; k++) if (!visit(d.months > 0 ? addMonths(start, k * d.months) : start + k * d.ms)) return;
  }
  if (!visit(start)) return;
  const parts = Object.fromEntries(rot.rrule.split(';').map((p) => p.split('=') as [string, string]));
  const interval = Number(parts.INTERVAL ?? 1);
  const s = new Date(start);
  if (parts.FREQ === 'HOURLY') {
    if (parts.BYHOUR || parts.BYDAY || parts.BYMONTHDAY) throw new Error('oracle: unsupported HOURLY rule');
    for (let j = 1; ; j++) if (!visit(start + j * interval * HOUR)) return;
  }
  const hours = parts.BYHOUR ? parts.BYHOUR.split(',').map(Number).sort((a, b) => a - b) : [s.getUTCHours()];
  const minute = parts.BYMINUTE !== undefined ? Number(parts.BYMINUTE) : s.getUTCMinutes();
  const byDay = parts.BYDAY?.split(',').map((d) => DAYS.indexOf(d));
  const byMonthDay = parts.BYMONTHDAY?.split(',').map(Number);
  const startDay = Math.floor(start / DAY) * DAY;
  if (parts.FREQ === 'WEEKLY' && interval !== 1) throw new Error('oracle: unsupported WEEKLY INTERVAL');
  for (let D = startDay; ; D += DAY) {
    const dayNo = (D - startDay) / DAY;
    const date = new Date(D);
    let match: boolean;
    if (parts.FREQ === 'DAILY') match = dayNo % interval === 0 && (!byDay || byDay.includes(weekdayOf(D)));
    else if (parts.FREQ === 'WEEKLY') match = (byDay ?? [weekdayOf(start)]).includes(weekdayOf(D));
    else if (parts.FREQ === 'MONTHLY') {
      const dim = daysInMonth(date.getUTCFullYear(), date.getUTCMonth());
      match = (byMonthDay ?? [s.getUTCDate()]).some((md) => (md > 0 ? md : dim + 1 + md) === date.getUTCDate());
    } else throw new Error(`oracle: unsupported FREQ ${parts.FREQ}`);
    if (!match) continue;
    for (const h of hours) {
      const local = D + h * HOUR + minute * MIN;
      if (local > start && !visit(local)) return;
    }
  }
}

export interface OracleVersion {
  effectiveFrom: number;
  doc: ScheduleDoc;
}

/** Who is on call at t, from the documents alone. Keeps per-window walk state between calls. */
export class Oracle {
  private readonly versions: readonly OracleVersion[];
  private readonly overrides: readonly OverrideInput[];
  private readonly holidays: HolidayLookup;
  private readonly timeOff: readonly TimeOffInput[];
  /** Per layer object: grid walk state for per-window rotations. */
  private readonly walks = new Map<LayerDoc, { g: number; edges: number; prev: boolean }>();

  constructor(versions: readonly OracleVersion[], overrides: readonly OverrideInput[], holidays: HolidayLookup, timeOff: readonly TimeOffInput[] = []) {
    this.versions = versions;
    this.overrides = overrides;
    this.holidays = holidays;
    this.timeOff = timeOff;
  }

  /** Whether `person` has a time-off entry holding t. */
  away(person: string, t: number): boolean {
    return this.timeOff.some((o) => o.personId === person && o.start <= t && t < o.end);
  }

  /** Participant index of a handoff rotation at t: the largest k whose handoff instant is ≤ t. */
  private handoffIndex(zone: string, layer: LayerDoc, t: number): number {
    const rot = layer.rotation as { every: string; start: string } | { rrule: string; start: string };
    // Offsets are within ±14 h: a handoff more than a day before t (wall) is surely ≤ t, one more
    // than a day after t surely > t. Only those in between need resolving.
    const near = t;
    let best = -1;
    let k = 0;
    stepHandoffs(rot, (local) => {
      if (local > near + DAY) return false;
      if (local < near - DAY || resolve(zone, local) <= t) best = k;
      k++;
      return k < 5_000_000;
    });
    return best;
  }

  /** Window number at t (t active, t ≥ start): rising edges of the start-clipped indicator, stepped. */
  private windowIndex(zone: string, layer: LayerDoc, start: number, t: number): number {
    let w = this.walks.get(layer);
    if (!w || w.g > t) {
      w = { g: start, edges: 0, prev: false };
      this.walks.set(layer, w);
    }
    for (; w.g <= t; w.g += Q) {
      const now = activeWhenAt(zone, layer, this.holidays, w.g);
      if (now && !w.prev) w.edges++;
      w.prev = now;
    }
    return w.edges - 1;
  }

  at(t: number): OracleAnswer {
    let best: OverrideInput | null = null;
    for (const o of this.overrides) if (o.start <= t && t < o.end && (!best || o.seq > best.seq)) best = o;
    if (best) return { personId: best.personId, source: 'override', layerId: null, overrideId: best.id };
    let version: OracleVersion | undefined = this.versions[0];
    for (const v of this.versions) if (v.effectiveFrom <= t) version = v;
    if (!version) return { personId: null, source: 'gap', layerId: null, overrideId: null };
    const { doc } = version;
    const zone = doc.timeZone;
    for (let i = doc.layers.length - 1; i >= 0; i--) {
      const layer = doc.layers[i]!;
      const n = layer.participants.length;
      if (n === 0) continue;
      const start = resolve(zone, naiveOf(layer.rotation.start));
      if (t < start || !activeWhenAt(zone, layer, this.holidays, t)) continue;
      if (layer.end !== undefined && t >= resolve(zone, naiveOf(layer.end))) continue;
      const k = 'per' in layer.rotation ? this.windowIndex(zone, layer, start, t) : this.handoffIndex(zone, layer, t);
      if (k < 0) throw new Error('oracle: active layer without a shift');
      // whenAway "next": the first of k, k+1, … not away; none → the layer is not active at t.
      let holder: string | undefined = layer.participants[k % n]!;
      if (layer.whenAway === 'next') holder = Array.from({ length: n }, (_, j) => layer.participants[(k + j) % n]!).find((p) => !this.away(p, t));
      if (holder === undefined) continue;
      return { personId: holder, source: 'layer', layerId: layer.id, overrideId: null };
    }
    if (doc.fallback) return { personId: doc.fallback, source: 'fallback', layerId: null, overrideId: null };
    return { personId: null, source: 'gap', layerId: null, overrideId: null };
  }
}

/** UTC offset transitions of `zone` in [from, to). */
export function transitions(zone: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = new Date(from).getUTCFullYear(); y <= new Date(to).getUTCFullYear(); y++) {
    for (const c of yearTable(zone, y).changes) if (c.at >= from && c.at < to) out.push(c.at);
  }
  return out;
}
