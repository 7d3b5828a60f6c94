import { asc, eq } from 'drizzle-orm';
import { auditTrail, type Actor } from '../audit.js';
import type { Database, Tables } from '../database.js';

export interface HolidayCalendarInput {
  name: string;
  region: string | null;
  types: string[];
  include: { date: string; name: string }[];
  exclude: string[];
}

export interface HolidayCalendar extends HolidayCalendarInput {
  id: string;
  createdAt: number;
  updatedAt: number;
}

type Row = Tables['holidayCalendars']['$inferSelect'];

/** A stored row with its JSON columns read back. */
export function holidayCalendarFromRow(row: Row): HolidayCalendar {
  return {
    id: row.id,
    name: row.name,
    region: row.region,
    types: JSON.parse(row.types) as string[],
    include: JSON.parse(row.include) as HolidayCalendar['include'],
    exclude: JSON.parse(row.exclude) as string[],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type HolidayCalendarsRepository = ReturnType<typeof holidayCalendarsRepository>;

export function holidayCalendarsRepository(database: Database) {
  const { db, tables: { holidayCalendars } } = database;
  const audit = auditTrail(database);
  return {
    async list(): Promise<HolidayCalendar[]> {
      return (await db.select().from(holidayCalendars).orderBy(asc(holidayCalendars.id))).map(holidayCalendarFromRow);
    },

    async get(id: string): Promise<HolidayCalendar | null> {
      const [row] = await db.select().from(holidayCalendars).where(eq(holidayCalendars.id, id));
      return row ? holidayCalendarFromRow(row) : null;
    },

    async put(id: string, input: HolidayCalendarInput, actor: Actor, at: number): Promise<{ calendar: HolidayCalendar; created: boolean }> {
      return database.transaction(async (tx) => {
        const [beforeRow] = await tx.select().from(holidayCalendars).where(eq(holidayCalendars.id, id));
        const before = beforeRow ? holidayCalendarFromRow(beforeRow) : undefined;
        const columns = {
          name: input.name,
          region: input.region,
          types: JSON.stringify(input.types),
          include: JSON.stringify(input.include),
          exclude: JSON.stringify(input.exclude),
        };
        await tx
          .insert(holidayCalendars)
          .values({ id, ...columns, createdAt: before?.createdAt ?? at, updatedAt: at })
          .onConflictDoUpdate({ target: holidayCalendars.id, set: { ...columns, updatedAt: at } });
        const calendar: HolidayCalendar = { id, ...input, createdAt: before?.createdAt ?? at, updatedAt: at };
        await audit.record(tx, actor, before ? 'update' : 'create', 'holiday-calendar', id, { before, after: calendar }, at);
        database.announce(tx, { kind: 'calendar', id });
        return { calendar, created: !before };
      });
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return audit.deleteAudited(actor, 'holiday-calendar', id, at, {
        find: async (tx) => (await tx.select().from(holidayCalendars).where(eq(holidayCalendars.id, id)))[0],
        remove: (tx) => {
          database.announce(tx, { kind: 'calendar', id });
          return tx.delete(holidayCalendars).where(eq(holidayCalendars.id, id));
        },
        summary: holidayCalendarFromRow,
      });
    },
  };
}
