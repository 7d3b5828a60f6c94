import { asc, eq } from 'drizzle-orm';
import { auditTrail, type Actor } from '../audit.js';
import type { Database, Tables } from '../database.js';

export type ChannelKind = 'webhook' | 'slack' | 'teams' | 'discord' | 'ntfy' | 'email';

/** A channel document (spec §14) as validated by the channels service. */
export interface ChannelInput {
  name: string;
  kind: ChannelKind;
  url: string | null;
  to: string | null;
  events: string[];
  /** Only these schedules; null for every schedule. */
  schedules: string[] | null;
  personId: string | null;
  /** ISO-8601 duration. */
  remindBefore: string;
}

export interface Channel extends ChannelInput {
  id: string;
  createdAt: number;
  updatedAt: number;
}

/** A channel with what only the sender sees: the webhook signing secret. */
export interface ChannelWithSecret extends Channel {
  secret: string | null;
}

type Row = Tables['channels']['$inferSelect'];

function channelFromRow(row: Row): ChannelWithSecret {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    url: row.url,
    to: row.to,
    events: JSON.parse(row.events) as string[],
    schedules: row.schedules === null ? null : (JSON.parse(row.schedules) as string[]),
    personId: row.personId,
    remindBefore: row.remindBefore,
    secret: row.secret,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What the audit trail keeps of a channel: never its secret, nor the URL (Slack's and others' carry a token). */
function auditSummary(channel: Channel) {
  return { name: channel.name, kind: channel.kind, events: channel.events, schedules: channel.schedules, personId: channel.personId };
}

const withoutSecret = ({ secret: _secret, ...channel }: ChannelWithSecret): Channel => channel;

export type ChannelsRepository = ReturnType<typeof channelsRepository>;

export function channelsRepository(database: Database) {
  const { db, tables: { channels } } = database;
  const audit = auditTrail(database);
  return {
    /** Every channel with its secret: for the notifier, never for an answer. */
    async listWithSecrets(): Promise<ChannelWithSecret[]> {
      return (await db.select().from(channels).orderBy(asc(channels.id))).map(channelFromRow);
    },

    async list(): Promise<Channel[]> {
      return (await this.listWithSecrets()).map(withoutSecret);
    },

    async getWithSecret(id: string): Promise<ChannelWithSecret | null> {
      const [row] = await db.select().from(channels).where(eq(channels.id, id));
      return row ? channelFromRow(row) : null;
    },

    async get(id: string): Promise<Channel | null> {
      const channel = await this.getWithSecret(id);
      return channel && withoutSecret(channel);
    },

    /**
     * Creates or replaces; a new channel gets `newSecret` (webhooks), a replaced one keeps its own
     * unless its kind no longer signs. `check` runs first in the transaction (who may replace it).
     */
    async put(
      id: string,
      input: ChannelInput,
      newSecret: string | null,
      actor: Actor,
      at: number,
      check: (existing: Channel | null) => void,
    ): Promise<{ channel: Channel; created: boolean; secret: string | null }> {
      return database.transaction(async (tx) => {
        const [beforeRow] = await tx.select().from(channels).where(eq(channels.id, id));
        const before = beforeRow ? channelFromRow(beforeRow) : null;
        check(before && withoutSecret(before));
        const secret = input.kind !== 'webhook' ? null : (before?.secret ?? newSecret);
        const columns = {
          name: input.name,
          kind: input.kind,
          url: input.url,
          to: input.to,
          events: JSON.stringify(input.events),
          schedules: input.schedules === null ? null : JSON.stringify(input.schedules),
          personId: input.personId,
          remindBefore: input.remindBefore,
          secret,
        };
        await tx
          .insert(channels)
          .values({ id, ...columns, createdAt: before?.createdAt ?? at, updatedAt: at })
          .onConflictDoUpdate({ target: channels.id, set: { ...columns, updatedAt: at } });
        const channel: Channel = { id, ...input, createdAt: before?.createdAt ?? at, updatedAt: at };
        await audit.record(tx, actor, before ? 'update' : 'create', 'channel', id, { before: before && auditSummary(before), after: auditSummary(channel) }, at);
        database.announce(tx, { kind: 'channel' });
        // The secret is answered once: when this write issued it.
        return { channel, created: !before, secret: secret !== null && secret !== before?.secret ? secret : null };
      });
    },

    /** Replaces a webhook channel's secret; false when there is no such channel. */
    async setSecret(id: string, secret: string, actor: Actor, at: number): Promise<boolean> {
      return database.transaction(async (tx) => {
        const updated = await tx.update(channels).set({ secret, updatedAt: at }).where(eq(channels.id, id)).returning({ id: channels.id });
        if (updated.length === 0) return false;
        await audit.record(tx, actor, 'update', 'channel', id, { after: { secret: 'rotated' } }, at);
        database.announce(tx, { kind: 'channel' });
        return true;
      });
    },

    async delete(id: string, actor: Actor, at: number, check: (existing: Channel) => void): Promise<boolean> {
      return audit.deleteAudited(actor, 'channel', id, at, {
        find: async (tx) => {
          const [row] = await tx.select().from(channels).where(eq(channels.id, id));
          return row && withoutSecret(channelFromRow(row));
        },
        refuse: async (channel, tx) => {
          check(channel);
          database.announce(tx, { kind: 'channel' });
        },
        remove: (tx) => tx.delete(channels).where(eq(channels.id, id)),
        summary: auditSummary,
      });
    },
  };
}
