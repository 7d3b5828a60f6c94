/**
 * A blank PostgreSQL database (no schema at all, unlike test/postgres.ts's clones of the migrated
 * template): what an operator gets from createdb. Named under this run's prefix, so the pg
 * project's teardown drops any a failed test left behind.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, inject } from 'vitest';
import type { AppConfig } from '../../src/config.js';
import { startServer, type TestServer } from '../helpers.js';
import { onAdminDatabase, queryTestDatabase, urlOf } from '../postgres.js';

export interface BlankDatabase {
  url: string;
  /** Rows of `sql` on this database. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export async function blankDatabase(): Promise<BlankDatabase> {
  const name = `${inject('pgTemplate').replace(/_template$/, '')}_blank_${randomBytes(5).toString('hex')}`;
  await onAdminDatabase([`create database "${name}"`]);
  const url = urlOf(name);
  return {
    url,
    query: (sql) => queryTestDatabase(url, sql),
    drop: () => onAdminDatabase([`drop database if exists "${name}" with (force)`]),
  };
}

/** Rows per table of Rota's schema in `query`'s database (the tables' SQL names). */
export async function rowCounts(query: (sql: string) => Promise<Record<string, unknown>[]> | Record<string, unknown>[]): Promise<Record<string, number>> {
  const tables = ['settings', 'users', 'api_tokens', 'people', 'holiday_calendars', 'schedules', 'schedule_versions', 'overrides', 'time_off', 'escalation_chains', 'feeds', 'audit_log'];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await query(`select count(*) as n from ${table}`))[0]!.n);
  return counts;
}

/**
 * Servers and blank databases that a test file's tests start through it: each test's are closed
 * and dropped after it, passed or failed. Call once, at the top of a test file.
 */
export function trackServersAndDatabases() {
  let servers: TestServer[] = [];
  let databases: BlankDatabase[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(databases.map((d) => d.drop()));
    servers = [];
    databases = [];
  });
  return {
    /** startServer(config), closed after the test. */
    async server(config: Partial<AppConfig> = {}): Promise<TestServer> {
      const s = await startServer(config);
      servers.push(s);
      return s;
    },
    /** A blank database, dropped after the test (after the servers on it are closed). */
    async blank(): Promise<BlankDatabase> {
      const d = await blankDatabase();
      databases.push(d);
      return d;
    },
  };
}
