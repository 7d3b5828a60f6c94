/**
 * The configuration the abuse suite attacks — the spec's Berlin communications schedule and an
 * hourly RRULE rotation — and the hostile documents it sends.
 */
import { berlinComms } from '../http/fixtures.js';
import { request } from './helpers.js';

const HOUR = 3_600_000;
const ZONE = 'Europe/Berlin';

/** An hourly RRULE rotation: asked about a far instant, its cost must follow the window. */
export const HOURLY = {
  id: 'hourly',
  participants: ['alice', 'bob', 'carol'],
  start: '2026-01-05T09:00',
} as const;

const hourlySchedule = {
  name: 'Hourly triage',
  timeZone: ZONE,
  layers: [{ id: 'triage', name: 'Triage', participants: [...HOURLY.participants], rotation: { rrule: 'FREQ=HOURLY', start: HOURLY.start } }],
};

/** People, the Berlin holiday calendar, `comms` (spec §4) and `hourly`, through the API. */
export async function seed(base: string, admin: string): Promise<void> {
  const put = async (path: string, body: unknown) => {
    const answer = await request(base, admin, 'PUT', path, body, 30_000);
    if (answer.status >= 300) throw new Error(`PUT ${path} → ${answer.status}: ${answer.body}`);
  };
  for (const id of ['alice', 'bob', 'carol', 'dave', 'erin', 'director']) {
    await put(`/api/v1/people/${id}`, { name: id[0]!.toUpperCase() + id.slice(1), email: `${id}@example.com` });
  }
  await put('/api/v1/holiday-calendars/de-be', { name: 'Berlin public holidays', region: 'DE-BE' });
  await put('/api/v1/schedules/comms', berlinComms);
  await put(`/api/v1/schedules/${HOURLY.id}`, hourlySchedule);
}

/** Whole wall-clock hours from the epoch to the Berlin local time of `instant`. */
function localHours(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour')) / HOUR;
}

/**
 * Who holds the hourly rotation at `instant`, derived from the spec rather than the engine:
 * the rule's occurrences are the local wall-clock hours from `start` (occurrence 0), and
 * occurrence k belongs to participants[k mod n]. (Valid away from DST changes, where one local
 * hour is missing or repeated.)
 */
export function hourlyHolder(instant: number): string {
  const [y, m, d] = HOURLY.start.slice(0, 10).split('-').map(Number) as [number, number, number];
  const startHours = Date.UTC(y, m - 1, d, Number(HOURLY.start.slice(11, 13))) / HOUR;
  const k = localHours(instant) - startHours;
  return HOURLY.participants[k % HOURLY.participants.length]!;
}

/** A one-layer schedule document whose rotation is `rotation`, covered by the director. */
export function scheduleWith(rotation: Record<string, string>, activeWhen?: unknown) {
  return {
    name: 'Attack',
    timeZone: ZONE,
    fallback: 'director',
    layers: [{ id: 'attack', participants: ['alice', 'bob'], rotation, ...(activeWhen === undefined ? {} : { activeWhen }) }],
  };
}

export const rruleSchedule = (rule: string) => scheduleWith({ rrule: rule, start: '2026-01-05T09:00' });

/** A preview body over one fixed week. */
export const previewOf = (schedule: unknown, from = '2027-01-04T00:00:00Z', to = '2027-01-11T00:00:00Z') => ({ schedule, from, to });

/** Fills a JSON array with copies of `entry` until the body would reach `bytes`: a list as long as the 1 MiB body limit lets through. */
export function listFilling<T>(entry: T, bytes: number): T[] {
  return Array.from({ length: Math.floor(bytes / (JSON.stringify(entry).length + 1)) }, () => entry);
}

export interface ExportDocument {
  schedules: { id: string; versions: unknown[] }[];
  overrides: unknown[];
  exportedAt?: string;
  [field: string]: unknown;
}

/** `count` one-hour overrides on `schedule`, one every 105 minutes from `from` (5,000 fill 365 days). */
export function overridesFrom(schedule: string, from: number, count: number) {
  const people = ['alice', 'bob', 'carol', 'dave', 'erin'];
  return Array.from({ length: count }, (_, i) => {
    const start = from + i * 105 * 60_000;
    return {
      id: `flood-${i}`,
      schedule,
      person: people[i % people.length]!,
      start: new Date(start).toISOString(),
      end: new Date(start + HOUR).toISOString(),
      note: null,
      createdAt: '2026-11-01T00:00:00.000Z',
      createdBy: 'admin@example.com',
    };
  });
}
