/**
 * The data-access boundary. Routes and services use only these repositories, whose methods are
 * async and each one unit of work, written once over the Database seam (./database.ts) and
 * served by SQLite (a file, the default) or PostgreSQL (ROTA_DATABASE_URL).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../errors.js';
import type { Database } from './database.js';
import { openPostgres } from './postgres.js';
import { apiTokensRepository } from './repos/api-tokens.js';
import { auditRepository } from './repos/audit.js';
import { bulletinRepository } from './repos/bulletin.js';
import { channelsRepository } from './repos/channels.js';
import { configurationRepository } from './repos/configuration.js';
import { escalationChainsRepository } from './repos/escalation-chains.js';
import { feedsRepository } from './repos/feeds.js';
import { holidayCalendarsRepository } from './repos/holiday-calendars.js';
import { outboxRepository } from './repos/outbox.js';
import { overridesRepository } from './repos/overrides.js';
import { peopleRepository } from './repos/people.js';
import { schedulesRepository } from './repos/schedules.js';
import { settingsRepository } from './repos/settings.js';
import { timeOffRepository } from './repos/time-off.js';
import { usersRepository } from './repos/users.js';
import { openSqlite, type SqliteDatabase } from './sqlite.js';

export type { Actor } from './audit.js';
export { systemActor } from './audit.js';
export { DatabaseOpenError } from './database.js';
export type { Change } from './changes.js';

/** Which database to serve: PostgreSQL when `databaseUrl` is set, else the SQLite file `dbPath`. */
export interface DatabaseLocation {
  dbPath: string;
  databaseUrl?: string;
}

/** An online file copy is a SQLite operation; PostgreSQL has its own tools for it. */
class BackupNotSupportedError extends AppError {
  constructor() {
    super(
      501,
      'Not implemented',
      'this server stores its data in PostgreSQL: back it up with npm run backup (a Rota dump of every table) or pg_dump, or download GET /api/v1/export',
    );
  }
}

function repositoriesOn(database: Database, sqlite?: SqliteDatabase) {
  return {
    people: peopleRepository(database),
    users: usersRepository(database),
    apiTokens: apiTokensRepository(database),
    settings: settingsRepository(database),
    holidayCalendars: holidayCalendarsRepository(database),
    schedules: schedulesRepository(database),
    overrides: overridesRepository(database),
    timeOff: timeOffRepository(database),
    escalationChains: escalationChainsRepository(database),
    feeds: feedsRepository(database),
    channels: channelsRepository(database),
    outbox: outboxRepository(database),
    bulletin: bulletinRepository(database),
    audit: auditRepository(database),
    configuration: configurationRepository(database),

    dialect: database.dialect,
    exclusive: <T>(work: () => Promise<T>): Promise<T> => database.exclusive(work),
    /** Committed changes (every instance's): the services' caches subscribe (../db/changes.ts). */
    changes: database.changes,
    /** Whether this instance does the background work. */
    leadership: database.leadership,
    ping: (): Promise<boolean> => database.ping(),

    /** The SQLite connection the server writes with (tests look at it, or make it fail); undefined on PostgreSQL. */
    sqlite: sqlite?.writer,
    /**
     * Runs `use` on the SQLite connection between write transactions (for an online backup); a
     * 501 on PostgreSQL.
     */
    betweenWrites<T>(use: (sqlite: BetterSqlite3.Database) => Promise<T>): Promise<T> {
      if (!sqlite) return Promise.reject(new BackupNotSupportedError());
      return sqlite.betweenWrites(use);
    },
    close: (): Promise<void> => database.close(),
  };
}

export type Repositories = ReturnType<typeof repositoriesOn>;

/** Opens the database (applying pending migrations) and the repositories over it. */
export async function openRepositories(where: DatabaseLocation): Promise<Repositories> {
  if (where.databaseUrl !== undefined) return repositoriesOn(await openPostgres(where.databaseUrl));
  const sqlite = openSqlite(where.dbPath);
  return repositoriesOn(sqlite, sqlite);
}
