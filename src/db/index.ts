/**
 * The data-access boundary. Routes and services use only these repositories, whose methods are
 * async and each one unit of work, so a PostgreSQL implementation can replace the SQLite one.
 */
import { openDatabase } from './client.js';
import { apiTokensRepository } from './repos/api-tokens.js';
import { auditRepository } from './repos/audit.js';
import { configurationRepository } from './repos/configuration.js';
import { escalationChainsRepository } from './repos/escalation-chains.js';
import { feedsRepository } from './repos/feeds.js';
import { holidayCalendarsRepository } from './repos/holiday-calendars.js';
import { overridesRepository } from './repos/overrides.js';
import { peopleRepository } from './repos/people.js';
import { schedulesRepository } from './repos/schedules.js';
import { settingsRepository } from './repos/settings.js';
import { usersRepository } from './repos/users.js';

export type { Actor } from './audit.js';
export { systemActor } from './audit.js';

/** The first row of each table an answer depends on; NOT INDEXED, or SQLite reads a covering index instead. */
const PING_SQL = `select ${['people', 'schedules', 'schedule_versions', 'overrides', 'users', 'escalation_chains']
  .map((t) => `exists (select 1 from ${t} not indexed)`)
  .join(', ')}`;

export function createRepositories(path: string) {
  const { db, sqlite, close } = openDatabase(path);
  let queue: Promise<unknown> = Promise.resolve();
  const pingStatement = sqlite.prepare(PING_SQL);
  return {
    people: peopleRepository(db),
    users: usersRepository(db),
    apiTokens: apiTokensRepository(db),
    settings: settingsRepository(db),
    holidayCalendars: holidayCalendarsRepository(db),
    schedules: schedulesRepository(db),
    overrides: overridesRepository(db),
    escalationChains: escalationChainsRepository(db),
    feeds: feedsRepository(db),
    audit: auditRepository(db),
    configuration: configurationRepository(db),

    /**
     * Runs `work` alone among exclusive sections of this process. Changes that check a
     * whole-state invariant before writing (the coverage guarantee, references) read, decide
     * and write inside one of these so no other change slips in between. A PostgreSQL backend
     * would take an advisory lock here instead.
     */
    exclusive<T>(work: () => Promise<T>): Promise<T> {
      const run = queue.then(work, work);
      queue = run.catch(() => undefined);
      return run;
    },

    /**
     * True when the database answers from its tables: `select 1` would succeed on a corrupt or
     * unreadable file. Reads a few pages, cached in the normal case (microseconds).
     */
    async ping(): Promise<boolean> {
      try {
        pingStatement.get();
        return true;
      } catch {
        return false;
      }
    },

    /** The raw connection, for backup and diagnostics only. */
    sqlite,
    close,
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
