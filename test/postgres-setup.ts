/**
 * Global setup of the `pg` vitest project: a template database with Rota's schema, migrated
 * once by the server's own code (so the migrations are what is tested), for test/postgres.ts to
 * clone; at the end it and every test database of this run are dropped.
 */
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../src/db/postgres.js';
import { onAdminDatabase, queryTestDatabase, urlOf, adminUrl } from './postgres.js';

export default async function setup(project: TestProject) {
  // One prefix per run, so parallel runs (several worktrees, one server) keep apart.
  const run = `rota_t_${process.pid}`;
  const template = `${run}_template`;
  await onAdminDatabase([`drop database if exists "${template}" with (force)`, `create database "${template}"`]);
  const database = await openPostgres(urlOf(template));
  await database.close();
  project.provide('pgTemplate', template);

  return async () => {
    const left = await queryTestDatabase(adminUrl(), `select datname from pg_database where datname like '${run}\\_%'`);
    await onAdminDatabase(left.map((row) => `drop database if exists "${String(row.datname)}" with (force)`));
  };
}
