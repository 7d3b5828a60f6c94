/** Shapes of the public /api/v1 documents the admin app reads and writes (spec §2–§10). */

export type Role = 'admin' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt?: string;
  /** GET /auth/me: the user's own person (spec §10), null when no person has their email. */
  person?: string | null;
}

export interface Person {
  id: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  timeZone?: string | null;
}

export interface HolidayCalendar {
  id: string;
  name: string;
  region?: string;
  types?: string[];
  include?: { date: string; name: string }[];
  exclude?: string[];
}

export interface HolidayDate {
  date: string;
  name: string;
  source: 'region' | 'include';
}

export interface HolidayRegion {
  code: string;
  name: string;
  subdivisions?: { code: string; name: string }[];
}

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const WEEKDAYS: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export type Rotation =
  | { every: string; start: string }
  | { rrule: string; start: string }
  | { per: 'window'; start: string };

export type WeeklySpan = { from: string; to: string; days?: Weekday[] };

export interface ActiveWhen {
  weekly?: WeeklySpan[];
  holidays?: { calendar: string; from?: string; to?: string }[];
  dates?: { start: string; end: string }[];
}

export interface Layer {
  id: string;
  name?: string;
  participants: string[];
  rotation: Rotation;
  activeWhen?: ActiveWhen;
  /** Local date-time at and after which the layer is never active (spec §4). */
  end?: string;
  /** Who covers while the assigned person is away (spec §13); absent means "keep". */
  whenAway?: WhenAway;
}

export type WhenAway = 'keep' | 'next';

export interface Schedule {
  id: string;
  name: string;
  timeZone: string;
  fallback?: string | null;
  requireCoverage?: boolean;
  layers: Layer[];
  version?: number;
  effectiveFrom?: string;
}

export type ShiftSource = 'override' | 'layer' | 'fallback' | 'gap';

export interface Shift {
  start: string;
  end: string;
  /** A Person in final timelines; some per-layer rows may carry only the person id. */
  person: Person | string | null;
  source: ShiftSource;
  layer: string | null;
  override: string | null;
}

export interface LayerRow {
  layerId: string;
  name?: string;
  shifts: Shift[];
}

export interface Interval {
  start: string;
  end: string;
}

export interface Load {
  person: string;
  hours: number;
  shifts: number;
  nightHours: number;
  weekendHours: number;
  holidays: number;
}

/** Final-timeline time during which the person on call is away (spec §13). */
export interface Conflict {
  person: string;
  start: string;
  end: string;
  timeOff: string;
}

export interface Coverage {
  gaps: Interval[];
  fallback: Interval[];
  coveredFraction: number;
  load: Load[];
  conflicts: Conflict[];
}

export interface Timeline {
  shifts: Shift[];
  layers?: LayerRow[];
}

export interface OnCall {
  schedule: string;
  at: string;
  person: Person | null;
  source: ShiftSource;
  layer: string | null;
  override: string | null;
  start: string | null;
  end: string | null;
}

export interface Override {
  id: string;
  person: string;
  start: string;
  end: string;
  note?: string;
  /** The swap this override is one half of (deleting either deletes both), else null. */
  swap: string | null;
}

/** A stretch of one person's time traded in a swap (spec §13). */
export interface SwapSide {
  person: string;
  start: string;
  end: string;
}

/** POST /schedules/{id}/swaps: the override over a's stretch (b's person), then over b's (a's person). */
export interface Swap {
  id: string;
  schedule: string;
  overrides: [Override, Override];
}

/** Time off of one person (spec §13). */
export interface TimeOff {
  id: string;
  person: string;
  start: string;
  end: string;
  note: string | null;
  createdAt: string;
  createdBy: string;
}

/** A final shift one person holds, in any schedule (GET /people/{id}/shifts). */
export interface PersonShift {
  schedule: string;
  scheduleName: string;
  start: string;
  end: string;
  source: ShiftSource;
  layer: string | null;
  override: string | null;
  swap: string | null;
}

export type Target = { schedule: string } | { person: string };

export interface EscalationLevel {
  targets: Target[];
  escalateAfterMinutes: number;
}

export interface EscalationChain {
  id: string;
  name: string;
  levels: EscalationLevel[];
  repeat?: number;
}

export interface ResolvedChain {
  chain: string;
  at: string;
  repeat: number;
  levels: {
    level: number;
    startsAfterMinutes: number;
    escalateAfterMinutes: number;
    targets: { schedule?: string; person: Person | null; source: ShiftSource | 'person' }[];
  }[];
}

export interface Feed {
  id: string;
  schedule?: string | null;
  person?: string | null;
  createdAt: string;
  lastAccessAt?: string | null;
}

export interface CreatedFeed {
  id: string;
  url: string;
  webcalUrl: string;
}

export interface ApiToken {
  id: string;
  name: string;
  scope: 'read' | 'admin';
  createdAt: string;
  lastUsedAt?: string | null;
  token?: string;
}

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  gaps?: Interval[];
}

/** Spec §14: where notices go. */
export type ChannelKind = 'webhook' | 'slack' | 'teams' | 'discord' | 'ntfy' | 'email';
export type EventType = 'shift.started' | 'shift.upcoming' | 'shifts.changed' | 'coverage.gap' | 'bulletin.updated';

export interface Channel {
  id: string;
  name: string;
  kind: ChannelKind;
  url?: string;
  to?: string;
  events: EventType[];
  schedules?: string[];
  person?: string;
  remindBefore?: string;
  createdAt?: string;
  updatedAt?: string;
  /** Webhook channels: the signing secret, only in the answer that created the channel. */
  secret?: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'missed';

/** A notice and how its delivery went (GET /deliveries, POST /channels/{id}/test). */
export interface Delivery {
  id: string;
  channel: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  occurredAt: string;
  dueAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  data: Record<string, unknown>;
}

/** Spec §15: the outage bulletin. */
export type ComponentStatus = 'operational' | 'degraded' | 'partial_outage' | 'major_outage';
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type Impact = 'minor' | 'major' | 'critical';

/** What still works when a component is down, and where to reach it. */
export interface Alternative {
  name: string;
  url?: string | null;
  phone?: string | null;
  note?: string | null;
}

export interface BulletinComponent {
  id: string;
  name: string;
  description?: string | null;
  /** The stored status (the admin's). */
  status: ComponentStatus;
  alternatives?: Alternative[];
  /** What the status page shows: the newest open incident update naming it, else `status`. */
  effectiveStatus?: ComponentStatus;
  createdAt?: string;
  updatedAt?: string;
}

export interface IncidentUpdate {
  id: string;
  status: IncidentStatus;
  message: string;
  components: Record<string, ComponentStatus>;
  nextUpdateBy: string | null;
  postedAt: string;
  /** The poster's name (or email). */
  postedBy: string;
}

export interface Incident {
  id: string;
  title: string;
  status: IncidentStatus;
  impact: Impact;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  nextUpdateBy: string | null;
  /** Each component's status as of the newest update naming it. */
  components: Record<string, ComponentStatus>;
  /** Newest first. */
  updates: IncidentUpdate[];
}

export interface BulletinSettings {
  title: string;
  coordinatorSchedule?: string | null;
  showCoordinator: boolean;
  about?: string | null;
}

/** GET /bulletin: the settings, who is on duty, and whether the caller may post now. */
export interface Bulletin extends BulletinSettings {
  coordinator: { id: string; name: string } | null;
  canPost: boolean;
}

/** Spec §16: the tools Rota imports schedules from. */
export type ImportSource = 'pagerduty' | 'opsgenie' | 'grafana-oncall' | 'goalert';

/** Spec §16: what an import made, what did not map, and how it compares with the source. */
export interface ImportReport {
  people: { id: string; name: string; email: string | null; phone: string | null; timeZone: string | null; matched: boolean }[];
  schedules: Schedule[];
  overrides: { schedule: string; person: string; start: string; end: string; note: string | null }[];
  warnings: FieldError[];
  verification: {
    schedule: string;
    from: string;
    to: string;
    agreement: number;
    differences: { start: string; end: string; expected: string | null; got: string | null }[];
  }[];
  applied: boolean;
}
