/**
 * The application's rules above the repositories: validation against stored state, the
 * coverage guarantee, versions, and the in-memory timelines that answer on-call questions.
 * Routes call these; every write goes through them so caches are invalidated with it.
 */
import type { Repositories } from '../db/index.js';
import type { ComputePool } from '../compute/pool.js';
import { apiTokensService } from './api-tokens.js';
import { configurationService } from './configuration.js';
import { escalationChainsService } from './escalation-chains.js';
import { holidayCalendarsService } from './holiday-calendars.js';
import { overridesService } from './overrides.js';
import { feedsService } from './feeds.js';
import { peopleService } from './people.js';
import { schedulesService } from './schedules.js';
import { sessionSecretService } from './session-secret.js';
import { timelineQueries } from './timeline-queries.js';
import { ScheduleTimelines } from './timelines.js';
import { usersService } from './users.js';

export type { Actor } from '../db/index.js';

export interface ServiceDeps {
  repos: Repositories;
  /** Where timelines are computed (off the event loop). */
  pool: ComputePool;
  /** The clock: the only source of "now" for decisions about cached answers. */
  now: () => number;
}

export function createServices({ repos, pool, now }: ServiceDeps) {
  const timelines = new ScheduleTimelines(repos, pool, now);
  const people = peopleService(repos, timelines);
  const invalidateAll = (): void => {
    timelines.invalidateAll();
    people.invalidate();
  };
  return {
    people,
    holidayCalendars: holidayCalendarsService(repos, timelines, pool),
    schedules: schedulesService(repos, timelines, people, pool),
    overrides: overridesService(repos, timelines, people, pool),
    escalationChains: escalationChainsService(repos, timelines, people),
    feeds: feedsService(repos, people, pool),
    users: usersService(repos),
    apiTokens: apiTokensService(repos, now),
    sessionSecret: sessionSecretService(repos),
    timelines: timelineQueries(timelines, pool, people),
    configuration: configurationService(repos, pool, now, invalidateAll),
    /** Forget every cached schedule, calendar and person (after a restore, in tests and benchmarks). */
    invalidateAll,
    /** The clock the app was built with, for routes that ask "as of now" (feeds). */
    now,
  };
}

export type Services = ReturnType<typeof createServices>;
