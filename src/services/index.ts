/**
 * The application's rules above the repositories: validation against stored state, the
 * coverage guarantee, versions, and the in-memory timelines that answer on-call questions.
 * Routes call these; every write goes through them so caches are invalidated with it.
 */
import type { Repositories } from '../db/index.js';
import { escalationChainsService } from './escalation-chains.js';
import { holidayCalendarsService } from './holiday-calendars.js';
import { overridesService } from './overrides.js';
import { feedsService } from './feeds.js';
import { peopleService } from './people.js';
import { schedulesService } from './schedules.js';
import { timelineQueries } from './timeline-queries.js';
import { ScheduleTimelines } from './timelines.js';

export function createServices(repos: Repositories) {
  const timelines = new ScheduleTimelines(repos);
  const people = peopleService(repos, timelines);
  return {
    people,
    holidayCalendars: holidayCalendarsService(repos, timelines),
    schedules: schedulesService(repos, timelines, people),
    overrides: overridesService(repos, timelines, people),
    escalationChains: escalationChainsService(repos, timelines, people),
    feeds: feedsService(repos, people),
    timelines: timelineQueries(timelines),
    /**
     * Forget every cached schedule, calendar and person. For writers that change the database
     * without going through these services (the configuration import): call after committing.
     */
    invalidateAll(): void {
      timelines.invalidateAll();
      people.invalidate();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
