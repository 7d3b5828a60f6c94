/**
 * The PostgreSQL database layout: the twin of ./sqlite.ts, with the same tables, column names,
 * JS keys, JS types, nullability and uniques (test/db/schema-parity.test.ts keeps them so), so
 * one repository implementation serves both. Instants are epoch milliseconds in bigint columns
 * read back as JS numbers; JSON documents are text, as on SQLite, so they round-trip byte for
 * byte. Change this file only together with sqlite.ts and a new `npm run db:generate`.
 */
import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Text compared byte by byte, as SQLite's BINARY collation does: lists ordered by id or email
 * come out in the same order on both backends, whatever locale the PostgreSQL database has.
 * PostgreSQL text cannot hold U+0000, which SQLite stores: it is left out (it is never shown
 * anyway — feeds and the web app drop control characters), rather than failing the write.
 */
const bytewiseText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text collate "C"',
  toDriver: (value) => value.replaceAll('\u0000', ''),
});

const instant = (name: string) => bigint(name, { mode: 'number' });
const createdAt = () => instant('created_at').notNull();
const updatedAt = () => instant('updated_at').notNull();

export const settings = pgTable('settings', {
  key: bytewiseText('key').primaryKey(),
  value: bytewiseText('value').notNull(),
});

export const users = pgTable('users', {
  id: bytewiseText('id').primaryKey(),
  email: bytewiseText('email').notNull().unique(),
  name: bytewiseText('name').notNull(),
  role: text('role', { enum: ['admin', 'viewer'] }).notNull(),
  passwordHash: bytewiseText('password_hash').notNull(),
  sessionVersion: integer('session_version').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const apiTokens = pgTable('api_tokens', {
  id: bytewiseText('id').primaryKey(),
  name: bytewiseText('name').notNull(),
  scope: text('scope', { enum: ['read', 'admin'] }).notNull(),
  tokenHash: bytewiseText('token_hash').notNull().unique(),
  createdBy: bytewiseText('created_by').notNull(),
  createdAt: createdAt(),
  lastUsedAt: instant('last_used_at'),
});

export const people = pgTable('people', {
  id: bytewiseText('id').primaryKey(),
  name: bytewiseText('name').notNull(),
  email: bytewiseText('email').unique(),
  phone: bytewiseText('phone'),
  timeZone: bytewiseText('time_zone'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const holidayCalendars = pgTable('holiday_calendars', {
  id: bytewiseText('id').primaryKey(),
  name: bytewiseText('name').notNull(),
  region: bytewiseText('region'),
  types: bytewiseText('types').notNull(),
  include: bytewiseText('include').notNull(),
  exclude: bytewiseText('exclude').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const schedules = pgTable('schedules', {
  id: bytewiseText('id').primaryKey(),
  createdAt: createdAt(),
});

export const scheduleVersions = pgTable(
  'schedule_versions',
  {
    scheduleId: bytewiseText('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    document: bytewiseText('document').notNull(),
    effectiveFrom: instant('effective_from').notNull(),
    savedAt: instant('saved_at').notNull(),
    savedBy: bytewiseText('saved_by').notNull(),
  },
  (t) => [uniqueIndex('schedule_versions_pk').on(t.scheduleId, t.version)],
);

export const overrides = pgTable(
  'overrides',
  {
    /** Monotonic: a larger seq is newer and wins where overrides overlap. */
    seq: integer('seq').primaryKey().generatedByDefaultAsIdentity(),
    id: bytewiseText('id').notNull().unique(),
    scheduleId: bytewiseText('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    personId: bytewiseText('person_id')
      .notNull()
      .references(() => people.id),
    start: instant('start').notNull(),
    end: instant('end').notNull(),
    note: bytewiseText('note'),
    swap: bytewiseText('swap'),
    createdBy: bytewiseText('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('overrides_schedule_time').on(t.scheduleId, t.start, t.end), index('overrides_swap').on(t.swap)],
);

export const timeOff = pgTable(
  'time_off',
  {
    id: bytewiseText('id').primaryKey(),
    personId: bytewiseText('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    start: instant('start').notNull(),
    end: instant('end').notNull(),
    note: bytewiseText('note'),
    createdBy: bytewiseText('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('time_off_person_time').on(t.personId, t.start)],
);

export const escalationChains = pgTable('escalation_chains', {
  id: bytewiseText('id').primaryKey(),
  name: bytewiseText('name').notNull(),
  document: bytewiseText('document').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const feeds = pgTable(
  'feeds',
  {
    id: bytewiseText('id').primaryKey(),
    tokenHash: bytewiseText('token_hash').notNull().unique(),
    scheduleId: bytewiseText('schedule_id').references(() => schedules.id, { onDelete: 'cascade' }),
    personId: bytewiseText('person_id').references(() => people.id, { onDelete: 'cascade' }),
    createdBy: bytewiseText('created_by').notNull(),
    createdAt: createdAt(),
    lastAccessAt: instant('last_access_at'),
  },
  (t) => [index('feeds_schedule').on(t.scheduleId), index('feeds_person').on(t.personId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    at: instant('at').notNull(),
    actorType: text('actor_type', { enum: ['user', 'token', 'system'] }).notNull(),
    actorId: bytewiseText('actor_id').notNull(),
    actorLabel: bytewiseText('actor_label').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete'] }).notNull(),
    resource: bytewiseText('resource').notNull(),
    resourceId: bytewiseText('resource_id').notNull(),
    summary: bytewiseText('summary').notNull().default(sql`'{}'`),
  },
  (t) => [index('audit_at').on(t.at), index('audit_resource').on(t.resource, t.at)],
);

export const channels = pgTable(
  'channels',
  {
    id: bytewiseText('id').primaryKey(),
    name: bytewiseText('name').notNull(),
    kind: text('kind', { enum: ['webhook', 'slack', 'teams', 'discord', 'ntfy', 'email'] }).notNull(),
    url: bytewiseText('url'),
    to: bytewiseText('to'),
    events: bytewiseText('events').notNull(),
    schedules: bytewiseText('schedules'),
    personId: bytewiseText('person_id').references(() => people.id, { onDelete: 'cascade' }),
    remindBefore: bytewiseText('remind_before').notNull(),
    secret: bytewiseText('secret'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('channels_person').on(t.personId)],
);

export const notices = pgTable(
  'notices',
  {
    id: bytewiseText('id').primaryKey(),
    channelId: bytewiseText('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    key: bytewiseText('key').notNull(),
    type: bytewiseText('type').notNull(),
    scheduleId: bytewiseText('schedule_id'),
    data: bytewiseText('data').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    dueAt: instant('due_at').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'missed'] }).notNull(),
    attempts: integer('attempts').notNull(),
    lastError: bytewiseText('last_error'),
    nextAttemptAt: instant('next_attempt_at'),
    leaseUntil: instant('lease_until'),
    deliveredAt: instant('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notices_channel_key').on(t.channelId, t.key),
    index('notices_due').on(t.status, t.nextAttemptAt),
    index('notices_channel_due').on(t.channelId, t.dueAt),
  ],
);

export const notifierSchedules = pgTable('notifier_schedules', {
  scheduleId: bytewiseText('schedule_id').primaryKey(),
  windowFrom: instant('window_from').notNull(),
  windowTo: instant('window_to').notNull(),
  stretches: bytewiseText('stretches').notNull(),
  announcedGaps: bytewiseText('announced_gaps').notNull(),
  emittedUntil: instant('emitted_until').notNull(),
});

export const components = pgTable('components', {
  id: bytewiseText('id').primaryKey(),
  name: bytewiseText('name').notNull(),
  description: bytewiseText('description'),
  status: text('status', { enum: ['operational', 'degraded', 'partial_outage', 'major_outage'] }).notNull(),
  alternatives: bytewiseText('alternatives').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const incidents = pgTable(
  'incidents',
  {
    id: bytewiseText('id').primaryKey(),
    title: bytewiseText('title').notNull(),
    status: text('status', { enum: ['investigating', 'identified', 'monitoring', 'resolved'] }).notNull(),
    impact: text('impact', { enum: ['minor', 'major', 'critical'] }).notNull(),
    resolvedAt: instant('resolved_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('incidents_status').on(t.status, t.createdAt)],
);

export const incidentUpdates = pgTable(
  'incident_updates',
  {
    seq: integer('seq').primaryKey().generatedByDefaultAsIdentity(),
    id: bytewiseText('id').notNull().unique(),
    incidentId: bytewiseText('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['investigating', 'identified', 'monitoring', 'resolved'] }).notNull(),
    message: bytewiseText('message').notNull(),
    components: bytewiseText('components').notNull(),
    nextUpdateBy: instant('next_update_by'),
    postedAt: instant('posted_at').notNull(),
    postedBy: bytewiseText('posted_by').notNull(),
  },
  (t) => [index('incident_updates_incident').on(t.incidentId, t.seq)],
);
