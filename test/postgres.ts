/**
 * PostgreSQL for the `pg` vitest project (set up by test/postgres-setup.ts): every TestServer
 * gets a database of its own, cloned from a template that already holds the migrated schema
 * (cheaper than migrating each one), and dropped when the server closes.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database the test databases of this run are cloned from. */
    pgTemplate: string;
  }
}

/** Set by the `pg` project in vitest.config.ts. */
export function onPostgres(): boolean {
  return process.env.ROTA_TEST_BACKEND === 'postgres';
}

/** ROTA_TEST_DATABASE_URL: a role that may CREATE DATABASE; its own database is only connected to. */
export function adminUrl(): string {
  const url = process.env.ROTA_TEST_DATABASE_URL;
  if (!url) throw new Error('the pg project needs ROTA_TEST_DATABASE_URL=postgres://user:password@host/database');
  return url;
}

/** `url` with its database replaced by `database`. */
export function urlOf(database: string, base = adminUrl()): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs statements on the admin URL's database (CREATE/DROP DATABASE cannot run in a transaction, so one by one). */
export async function onAdminDatabase(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = inject('pgTemplate');
  const name = `${template.replace(/_template$/, '')}_${randomBytes(5).toString('hex')}`;
  await onAdminDatabase([`create database "${name}" template "${template}"`]);
  return {
    url: urlOf(name),
    drop: () => onAdminDatabase([`drop database if exists "${name}" with (force)`]),
  };
}

export async function queryTestDatabase(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
