/**
 * The whole configuration at once — people, holiday calendars, schedules with every version,
 * overrides, escalation chains, time off — for export and import (spec §11). Users, API tokens and feeds
 * are not configuration: they stay with the server.
 */
import { asc, count, inArray, notInArray } from 'drizzle-orm';
import { auditTrail, type Actor } from '../audit.js';
import type { Database, Db } from '../database.js';
import { escalationChainFromRow, type EscalationChainInput } from './escalation-chains.js';
import { holidayCalendarFromRow, type HolidayCalendarInput } from './holiday-calendars.js';
import { insertOverrides, type OverrideInput } from './overrides.js';
import { putPerson, type PersonInput } from './people.js';
import { insertVersion } from './schedules.js';
import type { TimeOff } from './time-off.js';
import type { ScheduleDoc } from '../../engine/index.js';

export interface ConfigurationVersion {
  version: number;
  effectiveFrom: number;
  savedAt: number;
  savedBy: string;
  document: ScheduleDoc;
}

export interface ConfigurationOverride {
  id: string;
  scheduleId: string;
  personId: string;
  start: number;
  end: number;
  note: string | null;
  /** The swap this override is one half of (spec §13), or null. */
  swap: string | null;
  createdAt: number;
  createdBy: string;
}

export interface Configuration {
  people: (Required<PersonInput> & { id: string })[];
  holidayCalendars: (HolidayCalendarInput & { id: string })[];
  schedules: { id: string; versions: ConfigurationVersion[] }[];
  /** Oldest first: the order decides which of two overlapping overrides wins. */
  overrides: ConfigurationOverride[];
  escalationChains: (EscalationChainInput & { id: string })[];
  /** People's time off (spec §13), by start. */
  timeOff: TimeOff[];
}

/**
 * What a move from another tool adds (spec §16): new people, new schedules (each a first version
 * in force from the write) and their overrides, oldest first.
 */
export interface Additions {
  people: (PersonInput & { id: string })[];
  schedules: { id: string; document: ScheduleDoc }[];
  overrides: (OverrideInput & { scheduleId: string })[];
}

/** How many of each kind, for the import's audit entry. */
export type ConfigurationCounts = Record<keyof Configuration, number>;

export type ConfigurationRepository = ReturnType<typeof configurationRepository>;

export function configurationRepository(database: Database) {
  const { escalationChains, holidayCalendars, overrides, people, scheduleVersions, schedules, timeOff } = database.tables;
  const audit = auditTrail(database);

  async function counts(tx: Db): Promise<ConfigurationCounts> {
    const n = async (table: typeof people | typeof holidayCalendars | typeof schedules | typeof overrides | typeof escalationChains | typeof timeOff) =>
      (await tx.select({ n: count() }).from(table))[0]?.n ?? 0;
    return {
      people: await n(people),
      holidayCalendars: await n(holidayCalendars),
      schedules: await n(schedules),
      overrides: await n(overrides),
      escalationChains: await n(escalationChains),
      timeOff: await n(timeOff),
    };
  }

  return {
    /**
     * Everything, read in one transaction so the parts agree with each other (a write
     * transaction: on both backends no other write commits while it runs).
     */
    async read(): Promise<Configuration> {
      return database.transaction(async (tx) => {
        const versions = await tx.select().from(scheduleVersions).orderBy(asc(scheduleVersions.scheduleId), asc(scheduleVersions.version));
        const scheduleIds = await tx.select({ id: schedules.id }).from(schedules).orderBy(asc(schedules.id));
        const bySchedule = new Map<string, ConfigurationVersion[]>(scheduleIds.map((s) => [s.id, []]));
        for (const v of versions) {
          bySchedule.get(v.scheduleId)?.push({
            version: v.version,
            effectiveFrom: v.effectiveFrom,
            savedAt: v.savedAt,
            savedBy: v.savedBy,
            document: JSON.parse(v.document) as ScheduleDoc,
          });
        }
        return {
          people: await tx
            .select({ id: people.id, name: people.name, email: people.email, phone: people.phone, timeZone: people.timeZone })
            .from(people)
            .orderBy(asc(people.id)),
          holidayCalendars: (await tx.select().from(holidayCalendars).orderBy(asc(holidayCalendars.id))).map((row) => {
            const { createdAt: _created, updatedAt: _updated, ...calendar } = holidayCalendarFromRow(row);
            return calendar;
          }),
          schedules: [...bySchedule].map(([id, versions]) => ({ id, versions })),
          overrides: await tx
            .select({
              id: overrides.id,
              scheduleId: overrides.scheduleId,
              personId: overrides.personId,
              start: overrides.start,
              end: overrides.end,
              note: overrides.note,
              swap: overrides.swap,
              createdAt: overrides.createdAt,
              createdBy: overrides.createdBy,
            })
            .from(overrides)
            .orderBy(asc(overrides.seq)),
          escalationChains: (await tx.select().from(escalationChains).orderBy(asc(escalationChains.id))).map((row) => {
            const { createdAt: _created, updatedAt: _updated, ...chain } = escalationChainFromRow(row);
            return chain;
          }),
          timeOff: await tx.select().from(timeOff).orderBy(asc(timeOff.start), asc(timeOff.id)),
        };
      });
    },

    /**
     * Replaces the whole configuration with `config` (already validated) in one write
     * transaction with one audit entry (at `at`, which also stamps the rows it writes): all of
     * it or nothing. People, calendars and schedules
     * that survive keep their rows (and createdAt), so feeds of a surviving schedule or person
     * keep working; feeds of removed ones go by cascade.
     */
    async replace(config: Configuration, actor: Actor, at: number): Promise<{ before: ConfigurationCounts; after: ConfigurationCounts }> {
      return database.transaction(async (tx) => {
        const before = await counts(tx);
        const keep = <T extends { id: string }>(items: T[]) => items.map((i) => i.id);

        // Overrides, chains and time off point at people and schedules: clear them before those change.
        await tx.delete(overrides);
        await tx.delete(timeOff);
        await tx.delete(escalationChains);
        await tx.delete(scheduleVersions);
        await tx.delete(schedules).where(notInArray(schedules.id, keep(config.schedules)));
        await tx.delete(people).where(notInArray(people.id, keep(config.people)));
        await tx.delete(holidayCalendars).where(notInArray(holidayCalendars.id, keep(config.holidayCalendars)));
        // Emails may move between people in the import; clear them so no upsert clashes mid-way.
        await tx.update(people).set({ email: null }).where(inArray(people.id, keep(config.people)));

        for (const p of config.people) {
          const fields = { name: p.name, email: p.email, phone: p.phone, timeZone: p.timeZone };
          await tx
            .insert(people)
            .values({ id: p.id, ...fields, createdAt: at, updatedAt: at })
            .onConflictDoUpdate({ target: people.id, set: { ...fields, updatedAt: at } });
        }
        for (const c of config.holidayCalendars) {
          const fields = {
            name: c.name,
            region: c.region,
            types: JSON.stringify(c.types),
            include: JSON.stringify(c.include),
            exclude: JSON.stringify(c.exclude),
          };
          await tx
            .insert(holidayCalendars)
            .values({ id: c.id, ...fields, createdAt: at, updatedAt: at })
            .onConflictDoUpdate({ target: holidayCalendars.id, set: { ...fields, updatedAt: at } });
        }
        for (const s of config.schedules) {
          const first = Math.min(...s.versions.map((v) => v.savedAt));
          await tx.insert(schedules).values({ id: s.id, createdAt: first }).onConflictDoNothing();
          for (const v of s.versions) {
            await tx.insert(scheduleVersions).values({ scheduleId: s.id, ...v, document: JSON.stringify({ ...v.document, id: s.id }) });
          }
        }
        // In order, so each gets a larger seq than the ones before it: overlaps resolve as they did.
        for (const o of config.overrides) await tx.insert(overrides).values(o);
        for (const t of config.timeOff) await tx.insert(timeOff).values(t);
        for (const c of config.escalationChains) {
          await tx
            .insert(escalationChains)
            .values({ id: c.id, name: c.name, document: JSON.stringify({ levels: c.levels, repeat: c.repeat }), createdAt: at, updatedAt: at });
        }

        const after = await counts(tx);
        await audit.record(tx, actor, 'update', 'configuration', 'import', { before, after }, at);
        database.announce(tx, { kind: 'everything' });
        return { before, after };
      });
    },

    /**
     * Adds `additions` (already validated) in one write transaction, each item written and
     * audited as its own PUT or POST would be: all of it or nothing. Nothing stored is replaced.
     */
    async add(additions: Additions, actor: Actor, at: number): Promise<void> {
      await database.transaction(async (tx) => {
        for (const { id, ...input } of additions.people) await putPerson(database, tx, id, input, actor, at);
        for (const s of additions.schedules) await insertVersion(database, tx, s.id, s.document, at, actor, at);
        // Per schedule, in order: within a schedule the later of two overlapping overrides wins.
        const bySchedule = new Map<string, OverrideInput[]>();
        for (const { scheduleId, ...input } of additions.overrides) {
          const inputs = bySchedule.get(scheduleId) ?? [];
          inputs.push(input);
          bySchedule.set(scheduleId, inputs);
        }
        for (const [scheduleId, inputs] of bySchedule) await insertOverrides(database, tx, scheduleId, inputs, null, actor, at);
      });
    },
  };
}
