/**
 * The SQLite database layout (drizzle). Its PostgreSQL twin is ./pg.ts: same tables, columns,
 * JS types and uniques (test/db/schema-parity.test.ts keeps them so). Instants are integer epoch milliseconds; documents whose
 * shape the spec owns (schedule versions, escalation chains) are stored as JSON text, validated
 * before they get here. Change this file only together with pg.ts and a new `npm run db:generate`
 * migration (it writes both) — never edit an applied migration.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => integer('created_at').notNull();
const updatedAt = () => integer('updated_at').notNull();

/** Key/value settings the server keeps for itself (e.g. the generated JWT secret). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'viewer'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  /** Carried in each session JWT; raising it (password reset) ends every session of the user. */
  sessionVersion: integer('session_version').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const apiTokens = sqliteTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  scope: text('scope', { enum: ['read', 'admin'] }).notNull(),
  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  lastUsedAt: integer('last_used_at'),
});

export const people = sqliteTable('people', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').unique(),
  phone: text('phone'),
  timeZone: text('time_zone'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const holidayCalendars = sqliteTable('holiday_calendars', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  region: text('region'),
  /** JSON array of date-holidays types, e.g. ["public"]. */
  types: text('types').notNull(),
  /** JSON array of {date, name}. */
  include: text('include').notNull(),
  /** JSON array of "YYYY-MM-DD". */
  exclude: text('exclude').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const schedules = sqliteTable('schedules', {
  id: text('id').primaryKey(),
  createdAt: createdAt(),
});

/** Every PUT of a schedule is a version; the one in force at an instant answers for it. */
export const scheduleVersions = sqliteTable(
  'schedule_versions',
  {
    scheduleId: text('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** The schedule document (spec §4) as JSON. */
    document: text('document').notNull(),
    effectiveFrom: integer('effective_from').notNull(),
    savedAt: integer('saved_at').notNull(),
    savedBy: text('saved_by').notNull(),
  },
  (t) => [uniqueIndex('schedule_versions_pk').on(t.scheduleId, t.version)],
);

export const overrides = sqliteTable(
  'overrides',
  {
    /** Monotonic: a larger seq is newer and wins where overrides overlap. */
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    scheduleId: text('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    note: text('note'),
    /** The swap (spec §13) this override is one of two of, or null: the two are written and deleted together. */
    swap: text('swap'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('overrides_schedule_time').on(t.scheduleId, t.start, t.end), index('overrides_swap').on(t.swap)],
);

/** A person's time off (spec §13): a fact that layers with `whenAway: "next"` route around. */
export const timeOff = sqliteTable(
  'time_off',
  {
    id: text('id').primaryKey(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('time_off_person_time').on(t.personId, t.start)],
);

export const escalationChains = sqliteTable('escalation_chains', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The chain document (spec §8) as JSON. */
  document: text('document').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const feeds = sqliteTable(
  'feeds',
  {
    id: text('id').primaryKey(),
    /** SHA-256 of the URL's secret token. */
    tokenHash: text('token_hash').notNull().unique(),
    scheduleId: text('schedule_id').references(() => schedules.id, { onDelete: 'cascade' }),
    personId: text('person_id').references(() => people.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    lastAccessAt: integer('last_access_at'),
  },
  (t) => [index('feeds_schedule').on(t.scheduleId), index('feeds_person').on(t.personId)],
);

/** Who changed what, when (spec §11). Written in the same transaction as the change. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorType: text('actor_type', { enum: ['user', 'token', 'system'] }).notNull(),
    actorId: text('actor_id').notNull(),
    actorLabel: text('actor_label').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete'] }).notNull(),
    resource: text('resource').notNull(),
    resourceId: text('resource_id').notNull(),
    /** JSON {before, after} summary, without secrets. */
    summary: text('summary').notNull().default(sql`'{}'`),
  },
  (t) => [index('audit_at').on(t.at), index('audit_resource').on(t.resource, t.at)],
);

/**
 * Where notices go (spec §14). The webhook signing secret is kept as issued: signing needs it
 * (an HMAC cannot be computed from a hash); it is answered once, when the channel is created.
 */
export const channels = sqliteTable(
  'channels',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['webhook', 'slack', 'teams', 'discord', 'ntfy', 'email'] }).notNull(),
    url: text('url'),
    to: text('to'),
    /** JSON array of event names. */
    events: text('events').notNull(),
    /** JSON array of schedule ids, or null for every schedule. */
    schedules: text('schedules'),
    /** A person's own channel: only notices about them, managed by them too. */
    personId: text('person_id').references(() => people.id, { onDelete: 'cascade' }),
    remindBefore: text('remind_before').notNull(),
    secret: text('secret'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('channels_person').on(t.personId)],
);

/**
 * The outbox: every notice is stored here before it is sent and keeps its id across retries.
 * `key` names what the notice is about (a handoff, a reminder, a gap …): one notice per channel
 * and key, whichever instance or restart computes it.
 */
export const notices = sqliteTable(
  'notices',
  {
    id: text('id').primaryKey(),
    channelId: text('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    type: text('type').notNull(),
    scheduleId: text('schedule_id'),
    /** The event's data as a webhook receives it (JSON). */
    data: text('data').notNull(),
    occurredAt: integer('occurred_at').notNull(),
    dueAt: integer('due_at').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'missed'] }).notNull(),
    attempts: integer('attempts').notNull(),
    lastError: text('last_error'),
    /** When a pending notice is next tried. */
    nextAttemptAt: integer('next_attempt_at'),
    /** A sender's claim on a pending notice while it tries it: no other sender takes it before then. */
    leaseUntil: integer('lease_until'),
    deliveredAt: integer('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notices_channel_key').on(t.channelId, t.key),
    index('notices_due').on(t.status, t.nextAttemptAt),
    index('notices_channel_due').on(t.channelId, t.dueAt),
  ],
);

/**
 * What the notifier last saw of each schedule (spec §14): the final timeline of the next 90 days
 * by person, the gaps already announced, and how far handoffs and reminders have been emitted —
 * kept in the database so a restart, or another instance taking over, neither repeats nor skips.
 */
export const notifierSchedules = sqliteTable('notifier_schedules', {
  scheduleId: text('schedule_id').primaryKey(),
  /** The timeline's window [windowFrom, windowTo). */
  windowFrom: integer('window_from').notNull(),
  windowTo: integer('window_to').notNull(),
  /** JSON [[start, end, personId | null], …]: adjacent stretches of one person (null: a gap). */
  stretches: text('stretches').notNull(),
  /** JSON [[start, end], …]: the gaps already announced. */
  announcedGaps: text('announced_gaps').notNull(),
  /** Handoffs and reminders that fell due up to here have been emitted. */
  emittedUntil: integer('emitted_until').notNull(),
});

/** The outage bulletin's components (spec §15): what still works, and where to go when it does not. */
export const components = sqliteTable('components', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  /** The status set on the component itself; open incidents' updates may say otherwise. */
  status: text('status', { enum: ['operational', 'degraded', 'partial_outage', 'major_outage'] }).notNull(),
  /** JSON [{name, url, phone, note}]. */
  alternatives: text('alternatives').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const incidents = sqliteTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    /** The status of its newest update. */
    status: text('status', { enum: ['investigating', 'identified', 'monitoring', 'resolved'] }).notNull(),
    impact: text('impact', { enum: ['minor', 'major', 'critical'] }).notNull(),
    resolvedAt: integer('resolved_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('incidents_status').on(t.status, t.createdAt)],
);

/** Every update of an incident, in the order posted (seq). */
export const incidentUpdates = sqliteTable(
  'incident_updates',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['investigating', 'identified', 'monitoring', 'resolved'] }).notNull(),
    message: text('message').notNull(),
    /** JSON {componentId: status}. */
    components: text('components').notNull(),
    nextUpdateBy: integer('next_update_by'),
    postedAt: integer('posted_at').notNull(),
    postedBy: text('posted_by').notNull(),
  },
  (t) => [index('incident_updates_incident').on(t.incidentId, t.seq)],
);
