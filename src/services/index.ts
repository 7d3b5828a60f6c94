/**
 * The application's rules above the repositories, and the only way to them: validation against
 * stored state, the coverage guarantee, versions, the timeline cache that answers on-call
 * questions, feeds, the whole configuration at once. Routes call these; every write goes through
 * them so caches are invalidated with it.
 */
import type { Change, Repositories } from '../db/index.js';
import type { ComputePool } from '../compute/pool.js';
import { apiTokensService } from './api-tokens.js';
import { auditService } from './audit.js';
import { configurationService } from './configuration.js';
import { escalationChainsService } from './escalation-chains.js';
import { feedsService } from './feeds.js';
import { healthService } from './health.js';
import { holidayCalendarsService } from './holiday-calendars.js';
import { metricsService } from './metrics.js';
import { oncallService } from './oncall.js';
import { overridesService } from './overrides.js';
import { peopleService } from './people.js';
import { schedulesService } from './schedules.js';
import { sessionSecretService } from './session-secret.js';
import { TimelineCache } from './timeline-cache.js';
import { timeOffService } from './time-off.js';
import { usersService } from './users.js';
import { notificationsService, type NotificationOptions } from './notifications/index.js';
import { realTimer } from './notifications/notifier.js';
import { bulletinService } from './bulletin.js';
import { statusPageService } from './status-page.js';
import { movingInService, type Mappers } from './moving-in.js';
import { MAPPERS } from '../importers/index.js';
import type { Timer } from '../config.js';

export type { Actor, Change } from '../db/index.js';

export interface ServiceDeps {
  repos: Repositories;
  /** Where timelines are computed (off the event loop). */
  pool: ComputePool;
  /**
   * The clock (AppConfig.now; Date.now in production): the only source of "now" for decisions
   * (what is current, the coverage window, effectiveFrom, the rotation age limit, feed windows)
   * and for every stored timestamp (savedAt, createdAt, updatedAt, lastUsedAt, audit `at`),
   * which services hand to the repositories. Tests hold it. Timers for I/O (timeouts, rate-limit
   * windows, the compute deadline, session token iat/exp, cache TTLs) keep the real time.
   */
  now: () => number;
  /** What wakes the notifier and the status export at an instant of `now` (default: setTimeout). */
  timer?: Timer;
  /** ROTA_PUBLIC_URL: where notices and the status feed link to. */
  publicUrl: string | null;
  /** How notices are delivered (spec §14). */
  notifications: NotificationOptions;
  /** ROTA_STATUS_EXPORT_DIR: where the leader keeps the status page's files (spec §15). */
  statusExportDir: string | null;
  log: { warn(obj: object, msg: string): void };
  /** The source mappers of spec §16 (default: src/importers' MAPPERS; tests give their own). */
  mappers?: Mappers;
}

export function createServices({ repos, pool, now, timer: givenTimer, publicUrl, notifications: notificationOptions, statusExportDir, log, mappers }: ServiceDeps) {
  const timer = givenTimer ?? realTimer(now);
  const timelines = new TimelineCache(repos, pool, now);
  const people = peopleService(repos, timelines, now);
  const schedules = schedulesService(repos, timelines, people, pool, now);
  const overrides = overridesService(repos, timelines, people, pool, now);
  const oncall = oncallService(timelines, pool, people);
  const sessionSecret = sessionSecretService(repos, now);
  const notifications = notificationsService({ repos, timelines, people, pool, now, timer, publicUrl, log }, notificationOptions);
  const bulletin = bulletinService(repos, { oncall, people }, now);
  const statusPage = statusPageService({
    bulletin,
    oncall,
    people,
    timelines,
    now,
    publicUrl,
    exportDir: statusExportDir,
    timer,
    isLeader: () => repos.leadership.isLeader(),
    log,
  });
  const invalidateAll = (): void => {
    timelines.invalidateAll();
    people.invalidate();
    sessionSecret.invalidate(null);
    bulletin.invalidate();
    statusPage.invalidate();
  };
  /**
   * The one place a committed change reaches the caches: every write announces what it changed
   * (src/db/changes.ts), this instance's as it commits and other instances' as they notify. The
   * feed cache needs nothing of its own: it keys on the revisions these bump.
   */
  const forget = (change: Change): void => {
    switch (change.kind) {
      case 'people':
        // Names show on the status page (the coordinator on duty).
        people.invalidate();
        return statusPage.invalidate();
      case 'schedule':
        // The coordinator on duty may be someone else now.
        timelines.invalidate(change.id);
        return statusPage.invalidate();
      case 'calendar':
        timelines.invalidateCalendar(change.id);
        return statusPage.invalidate();
      case 'time-off':
        // A layer routing around the person changes hands (spec §13); the coordinator may too.
        timelines.invalidatePerson(change.person);
        return statusPage.invalidate();
      case 'setting':
        sessionSecret.invalidate(change.key);
        bulletin.invalidate();
        return statusPage.invalidate();
      case 'bulletin':
        return statusPage.invalidate();
      case 'everything':
        return invalidateAll();
      case 'api-token':
        // Cached where it is looked up, in its repository, which listens itself.
        return;
      case 'channel':
      case 'notices':
        // The notifier listens itself (notifications/notifier.ts).
        return;
    }
  };
  repos.changes.subscribe(forget);
  return {
    people,
    /** The clock services decide with; routes read "now" here (a default `at`, a feed's window, a file name). */
    now,
    holidayCalendars: holidayCalendarsService(repos, timelines, pool, now),
    schedules,
    overrides,
    /** People's time off (spec §13). */
    timeOff: timeOffService(repos, people, now),
    escalationChains: escalationChainsService(repos, timelines, people, now),
    /** Who is on call, shifts and coverage of stored schedules. */
    oncall,
    feeds: feedsService(repos, { people, schedules, oncall, overrides }, pool, now),
    users: usersService(repos, now),
    apiTokens: apiTokensService(repos, now),
    sessionSecret,
    audit: auditService(repos),
    health: healthService(repos),
    /** What GET /metrics reports (spec §12). */
    metrics: metricsService({
      timelines,
      oncall,
      pool,
      now,
      deliveryCounts: notifications.deliveryCounts,
    }),
    configuration: configurationService(repos, timelines, pool, now),
    /** Imports from other on-call tools (spec §16). */
    movingIn: movingInService({ repos, timelines, pool, now, mappers: mappers ?? MAPPERS }),
    /** Channels, the delivery log and the notifier (spec §14). */
    notifications,
    /** Components, incidents, who may post (spec §15). */
    bulletin,
    /** The public status page, rendered until the next change, and its export (spec §15). */
    statusPage,
    /**
     * Whether this instance does the background work (spec §14's notifier runs only here), and
     * when that changes: always on SQLite, one instance at a time on PostgreSQL.
     */
    leadership: {
      isLeader: (): boolean => repos.leadership.isLeader(),
      onLeadershipChange: (listener: (leader: boolean) => void): (() => void) => repos.leadership.onChange(listener),
    },
    /** Forget every cached schedule, calendar and person (after a restore, in tests and benchmarks). */
    invalidateAll,
  };
}

export type Services = ReturnType<typeof createServices>;
