import { asc, eq } from 'drizzle-orm';
import { deleteAudited, recordAudit, type Actor } from '../audit.js';
import type { Db } from '../client.js';
import { holidayCalendars } from '../schema.js';

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

type Row = typeof holidayCalendars.$inferSelect;

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

export function holidayCalendarsRepository(db: Db) {
  return {
    async list(): Promise<HolidayCalendar[]> {
      return db.select().from(holidayCalendars).orderBy(asc(holidayCalendars.id)).all().map(holidayCalendarFromRow);
    },

    async get(id: string): Promise<HolidayCalendar | null> {
      const row = db.select().from(holidayCalendars).where(eq(holidayCalendars.id, id)).get();
      return row ? holidayCalendarFromRow(row) : null;
    },

    async put(id: string, input: HolidayCalendarInput, actor: Actor, at: number): Promise<{ calendar: HolidayCalendar; created: boolean }> {
      return db.transaction(
        (tx) => {
          const beforeRow = tx.select().from(holidayCalendars).where(eq(holidayCalendars.id, id)).get();
          const before = beforeRow ? holidayCalendarFromRow(beforeRow) : undefined;
          const columns = {
            name: input.name,
            region: input.region,
            types: JSON.stringify(input.types),
            include: JSON.stringify(input.include),
            exclude: JSON.stringify(input.exclude),
          };
          tx.insert(holidayCalendars)
            .values({ id, ...columns, createdAt: before?.createdAt ?? at, updatedAt: at })
            .onConflictDoUpdate({ target: holidayCalendars.id, set: { ...columns, updatedAt: at } })
            .run();
          const calendar: HolidayCalendar = { id, ...input, createdAt: before?.createdAt ?? at, updatedAt: at };
          recordAudit(tx, actor, before ? 'update' : 'create', 'holiday-calendar', id, { before, after: calendar }, at);
          return { calendar, created: !before };
        },
        { behavior: 'immediate' },
      );
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return deleteAudited(db, actor, 'holiday-calendar', id, at, {
        find: (tx) => tx.select().from(holidayCalendars).where(eq(holidayCalendars.id, id)).get(),
        remove: (tx) => tx.delete(holidayCalendars).where(eq(holidayCalendars.id, id)).run(),
        summary: holidayCalendarFromRow,
      });
    },
  };
}
