/**
 * The two schema declarations must not drift: one repository implementation runs on both, typed
 * against the PostgreSQL one (src/db/database.ts), with the SQLite one cast to it
 * (src/db/sqlite.ts). This proves the cast honest: same tables, columns (JS key, SQL name, JS
 * type, nullability, enum), primary keys, uniques and indexes.
 */
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as pg from '../../src/db/schema/pg.js';
import * as sqlite from '../../src/db/schema/sqlite.js';

type Column = { name: string; notNull: boolean; primary: boolean; isUnique: boolean; columnType: string; enumValues?: readonly string[] };
type Index = { config: { name: string; unique: boolean; columns: unknown[] } };

/** The JS value a column reads as, by drizzle column class. */
function jsType(column: Column): string {
  if (/Text|Custom|Varchar/.test(column.columnType)) return 'string';
  if (/Integer|BigInt53|Serial/.test(column.columnType)) return 'number';
  return `unknown ${column.columnType}`;
}

function shape(config: { name: string; columns: Column[]; indexes: Index[] }, table: Record<string, unknown>) {
  const keyOf = new Map(Object.entries(table).map(([key, column]) => [column, key]));
  const columnName = (c: unknown) => (c as { name: string }).name;
  return {
    name: config.name,
    columns: config.columns
      .map((c) => ({
        key: keyOf.get(c),
        name: c.name,
        js: jsType(c),
        notNull: c.notNull,
        primary: c.primary,
        unique: c.isUnique,
        enum: c.enumValues ?? null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    indexes: config.indexes
      .map((i) => ({ name: i.config.name, unique: i.config.unique, columns: i.config.columns.map(columnName) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

const pgTables = Object.fromEntries(Object.entries(pg).filter(([, t]) => t instanceof PgTable)) as Record<string, PgTable>;
const sqliteTables = Object.fromEntries(Object.entries(sqlite).filter(([, t]) => t instanceof SQLiteTable)) as Record<string, SQLiteTable>;

describe('the SQLite and PostgreSQL schemas', () => {
  it('declare the same tables', () => {
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    expect(Object.keys(pgTables).length).toBeGreaterThanOrEqual(11);
  });

  it.each(Object.keys(sqliteTables))('declare %s alike', (key) => {
    const a = shape(pgConfig(pgTables[key]!) as never, pgTables[key] as never);
    const b = shape(sqliteConfig(sqliteTables[key]!) as never, sqliteTables[key] as never);
    expect(a).toEqual(b);
  });

  it('read and write rows of the same JS types', () => {
    expectTypeOf<typeof pg.people.$inferSelect>().toEqualTypeOf<typeof sqlite.people.$inferSelect>();
    expectTypeOf<typeof pg.users.$inferSelect>().toEqualTypeOf<typeof sqlite.users.$inferSelect>();
    expectTypeOf<typeof pg.apiTokens.$inferSelect>().toEqualTypeOf<typeof sqlite.apiTokens.$inferSelect>();
    expectTypeOf<typeof pg.settings.$inferSelect>().toEqualTypeOf<typeof sqlite.settings.$inferSelect>();
    expectTypeOf<typeof pg.holidayCalendars.$inferSelect>().toEqualTypeOf<typeof sqlite.holidayCalendars.$inferSelect>();
    expectTypeOf<typeof pg.schedules.$inferSelect>().toEqualTypeOf<typeof sqlite.schedules.$inferSelect>();
    expectTypeOf<typeof pg.scheduleVersions.$inferSelect>().toEqualTypeOf<typeof sqlite.scheduleVersions.$inferSelect>();
    expectTypeOf<typeof pg.overrides.$inferSelect>().toEqualTypeOf<typeof sqlite.overrides.$inferSelect>();
    expectTypeOf<typeof pg.timeOff.$inferSelect>().toEqualTypeOf<typeof sqlite.timeOff.$inferSelect>();
    expectTypeOf<typeof pg.escalationChains.$inferSelect>().toEqualTypeOf<typeof sqlite.escalationChains.$inferSelect>();
    expectTypeOf<typeof pg.feeds.$inferSelect>().toEqualTypeOf<typeof sqlite.feeds.$inferSelect>();
    expectTypeOf<typeof pg.auditLog.$inferSelect>().toEqualTypeOf<typeof sqlite.auditLog.$inferSelect>();
    expectTypeOf<typeof pg.users.$inferInsert>().toEqualTypeOf<typeof sqlite.users.$inferInsert>();
    expectTypeOf<typeof pg.overrides.$inferInsert>().toEqualTypeOf<typeof sqlite.overrides.$inferInsert>();
    expectTypeOf<typeof pg.timeOff.$inferInsert>().toEqualTypeOf<typeof sqlite.timeOff.$inferInsert>();
    expectTypeOf<typeof pg.auditLog.$inferInsert>().toEqualTypeOf<typeof sqlite.auditLog.$inferInsert>();
  });
});
