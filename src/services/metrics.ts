/**
 * What GET /metrics reports (spec §12), in Prometheus text format through prom-client: who holds
 * each schedule now, how far each schedule's next gap is, notification deliveries by status, HTTP
 * request durations, the build, and the process's own figures. Everything about schedules is
 * read through the services' timeline cache and computed in the compute pool, at scrape time
 * and with the services' clock, so a held clock in tests moves the figures.
 */
import { createRequire } from 'node:module';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { TimelineTooLargeError, type Interval } from '../engine/index.js';
import type { ComputePool } from '../compute/pool.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from './notifications/index.js';
import type { OncallService } from './oncall.js';
import type { ScheduleState, TimelineCache } from './timeline-cache.js';

type DeliveryCounts = Record<DeliveryStatus, number>;

export interface MetricsDeps {
  timelines: TimelineCache;
  oncall: OncallService;
  pool: ComputePool;
  now: () => number;
  /** How many notices the outbox holds in each state (spec §14). */
  deliveryCounts: () => Promise<DeliveryCounts>;
}

const DAY = 86_400_000;
/** rota_schedule_next_gap_seconds looks this far ahead (spec §12). */
const GAP_HORIZON = 14 * DAY;
/**
 * Gaps are computed this far ahead of the scrape, so the answer keeps serving later scrapes for
 * GAP_WINDOW − GAP_HORIZON (while the window still reaches 14 days past their `now`): a schedule
 * is recomputed when it changes or every 14 days, not every 15 s.
 */
const GAP_WINDOW = 2 * GAP_HORIZON;
/**
 * Gap computations in flight at once: enough to keep the pool's workers busy, while the rest of
 * its queue stays free for the API's own computations (a first scrape of 1,000 schedules would
 * otherwise fill it and turn requests away with 503).
 */
const GAP_LANES = 4;

/** Request durations from 1 ms (a cached on-call answer) to 10 s (the compute deadline). */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * The process's own figures (process_…, nodejs_…) describe the process, not one app, and
 * collectDefaultMetrics starts observers (GC, event-loop delay) that are never stopped: one
 * registry serves every app of the process (tests build many), made at the first scrape.
 */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Runs at most `lanes` tasks at once; the others wait their turn in order. */
function limiter(lanes: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < lanes) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The lane passes straight to the next waiter, so no newcomer can slip in between.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/** One schedule's gaps over [from, to), for the state of `revision`; null when too detailed to compute. */
interface GapWindow {
  revision: number;
  from: number;
  to: number;
  gaps: Promise<Interval[] | null>;
}

/**
 * Seconds from `now` until each schedule's next gap within GAP_HORIZON (0 in a gap), by
 * schedule id; schedules with no gap that close are left out. Each schedule's gaps are kept
 * until its timeline revision changes or the window no longer reaches GAP_HORIZON past `now`;
 * a computation in flight is shared by concurrent scrapes (two Prometheus servers scraping).
 */
function nextGaps({ timelines, pool }: Pick<MetricsDeps, 'timelines' | 'pool'>) {
  const windows = new Map<string, GapWindow>();
  const lane = limiter(GAP_LANES);

  async function gapsOf(state: ScheduleState, from: number, to: number): Promise<Interval[] | null> {
    const data = await timelines.dataOf(state, from, to);
    try {
      const { shifts } = await pool.timeline({ data, from, to, layers: false, coverage: false });
      return shifts.filter((s) => s.source === 'gap').map((s) => ({ start: s.start, end: s.end }));
    } catch (err) {
      // One schedule too detailed to compute over four weeks must not fail every scrape: it gets no series.
      if (err instanceof TimelineTooLargeError) return null;
      throw err;
    }
  }

  function windowFor(state: ScheduleState, now: number): GapWindow {
    const kept = windows.get(state.id);
    if (kept && kept.revision === state.revision && kept.from <= now && kept.to >= now + GAP_HORIZON) return kept;
    const from = now;
    const to = now + GAP_WINDOW;
    const window: GapWindow = { revision: state.revision, from, to, gaps: lane(() => gapsOf(state, from, to)) };
    windows.set(state.id, window);
    // A failed computation (the pool busy, a deadline) is retried at the next scrape.
    window.gaps.catch(() => {
      if (windows.get(state.id) === window) windows.delete(state.id);
    });
    return window;
  }

  return async (now: number): Promise<Map<string, number>> => {
    const states = await timelines.all();
    const current = states.map((s) => windowFor(s, now));
    const ids = new Set(states.map((s) => s.id));
    for (const id of windows.keys()) if (!ids.has(id)) windows.delete(id);
    const seconds = new Map<string, number>();
    const gaps = await Promise.all(current.map((w) => w.gaps));
    states.forEach((state, i) => {
      const next = gaps[i]?.find((g) => g.end > now);
      if (next && next.start < now + GAP_HORIZON) seconds.set(state.id, Math.max(0, next.start - now) / 1000);
    });
    return seconds;
  };
}

export type MetricsService = ReturnType<typeof metricsService>;

export function metricsService({ timelines, oncall, pool, now, deliveryCounts }: MetricsDeps) {
  // One registry per app, not prom-client's global one: a process may hold several apps (tests).
  const registry = new Registry();
  const secondsUntilNextGap = nextGaps({ timelines, pool });

  new Gauge({ name: 'rota_build_info', help: 'The running Rota version (always 1)', labelNames: ['version'], registers: [registry] }).set({ version }, 1);

  new Gauge({
    name: 'rota_oncall',
    help: 'The person on call now in each schedule (1); a schedule in a gap has no series',
    labelNames: ['schedule', 'person', 'source'],
    registers: [registry],
    async collect() {
      const answers = await oncall.everyone(now());
      this.reset();
      for (const { schedule, shift } of answers) {
        if (shift.personId !== null) this.set({ schedule, person: shift.personId, source: shift.source }, 1);
      }
    },
  });

  new Gauge({
    name: 'rota_schedule_next_gap_seconds',
    help: 'Seconds until the next gap (nobody on call) of each schedule, 0 while in one; no series when none within 14 days',
    labelNames: ['schedule'],
    registers: [registry],
    async collect() {
      const seconds = await secondsUntilNextGap(now());
      this.reset();
      for (const [schedule, value] of seconds) this.set({ schedule }, value);
    },
  });

  new Gauge({
    name: 'rota_notification_deliveries',
    help: 'Notices in the outbox by delivery status (pending, delivered, failed, missed)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await deliveryCounts();
      this.reset();
      for (const status of DELIVERY_STATUSES) this.set({ status }, counts[status]);
    },
  });

  const requestDurations = new Histogram({
    name: 'rota_http_request_duration_seconds',
    help: 'HTTP request durations by method, route pattern (never the raw URL) and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });

  return {
    /** One answered request; `route` is the route's pattern ("unmatched" for none): URLs may carry secrets. */
    observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
      requestDurations.observe({ method, route, status_code: statusCode }, seconds);
    },

    /** Every figure as Prometheus text, with its content type. */
    async scrape(): Promise<{ contentType: string; text: string }> {
      const [processText, appText] = await Promise.all([processMetrics().metrics(), registry.metrics()]);
      return { contentType: registry.contentType, text: processText + appText };
    },
  };
}
