import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ValidationError } from '../../errors.js';
import { CHANNEL_KINDS, DELIVERY_STATUSES, EVENT_TYPES, type Channel, type ChannelKind, type Delivery, type DeliveryStatus, type EventType } from '../../services/notifications/index.js';
import { CreateOnlyHeaders, putOptions } from '../create-only.js';
import { callerOf } from '../plugins/auth.js';
import { IdParams, Instant, LIMITS, ListOf, problems, Slug, toIso } from '../schemas.js';

const tags = ['notifications'];

/** Bounds of a channel document: every string and list a request sends is bounded. */
const MAX_URL = 2048;
const MAX_EMAIL = 254;
const MAX_SCHEDULES = 200;

const channelFields = {
  name: Type.String({ minLength: 1, maxLength: LIMITS.name, examples: ['#ops'] }),
  kind: Type.Unsafe<ChannelKind>({
    type: 'string',
    enum: [...CHANNEL_KINDS],
    description: 'webhook (signed JSON), slack (also Mattermost, Rocket.Chat), teams (Workflows), discord, ntfy, email', examples: ['slack'],
  }),
  url: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_URL, description: 'Every kind but email: where notices are posted', examples: ['https://hooks.slack.com/services/T000/B000/XXXX'] })),
  to: Type.Optional(Type.String({ minLength: 3, maxLength: MAX_EMAIL, description: 'Email only: the address notices go to', examples: ['ops@example.com'] })),
  events: Type.Array(
    Type.Unsafe<EventType>({ type: 'string', enum: [...EVENT_TYPES] }),
    { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true, examples: [['shift.started', 'coverage.gap']] },
  ),
  schedules: Type.Optional(Type.Array(Slug, { maxItems: MAX_SCHEDULES, description: 'Only these schedules (absent: all)', examples: [['comms']] })),
  person: Type.Optional({ ...Slug, description: "Only notices about this person (a person's own reminders)", examples: ['alice'] }),
  remindBefore: Type.Optional(
    Type.String({ minLength: 2, maxLength: 32, description: 'How long before a shift shift.upcoming is sent: PT1M to P30D, an exact length of time (default PT24H)', examples: ['PT24H'] }),
  ),
};

const ChannelBody = Type.Object({ id: Type.Optional(Slug), ...channelFields }, { additionalProperties: false });

const ChannelSchema = Type.Object({
  id: Type.String({ examples: ['ops-chat'] }),
  ...channelFields,
  remindBefore: Type.String({ examples: ['PT24H'] }),
  createdAt: Instant,
  updatedAt: Instant,
  secret: Type.Optional(
    Type.String({ description: 'Webhook channels, only in the answer that created the channel: the Standard Webhooks signing secret', examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] }),
  ),
});

const DeliverySchema = Type.Object({
  id: Type.String({ description: 'The notice id: the webhook-id, kept across retries', examples: ['msg_2QxQ3nSxr0vTn8yPZ5gkEw'] }),
  channel: Type.String({ examples: ['ops-chat'] }),
  type: Type.String({ examples: ['shift.started'] }),
  status: Type.Unsafe<DeliveryStatus>({ type: 'string', enum: [...DELIVERY_STATUSES] }),
  attempts: Type.Integer({ examples: [1] }),
  lastError: Type.Union([Type.String(), Type.Null()], { examples: [null] }),
  occurredAt: Instant,
  dueAt: Instant,
  nextAttemptAt: Type.Union([Instant, Type.Null()], { description: 'Pending notices: when the next attempt is made' }),
  deliveredAt: Type.Union([Instant, Type.Null()]),
  createdAt: Instant,
  data: Type.Object({}, { additionalProperties: true, description: 'The event data, as the webhook receives it' }),
});

function channelView(c: Channel, secret?: string | null) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    ...(c.url !== null ? { url: c.url } : {}),
    ...(c.to !== null ? { to: c.to } : {}),
    // Checked against EVENT_TYPES when written.
    events: c.events as EventType[],
    ...(c.schedules !== null ? { schedules: c.schedules } : {}),
    ...(c.personId !== null ? { person: c.personId } : {}),
    remindBefore: c.remindBefore,
    createdAt: toIso(c.createdAt),
    updatedAt: toIso(c.updatedAt),
    ...(secret ? { secret } : {}),
  };
}

function deliveryView(d: Delivery) {
  return {
    id: d.id,
    channel: d.channelId,
    type: d.type,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    occurredAt: toIso(d.occurredAt),
    dueAt: toIso(d.dueAt),
    nextAttemptAt: d.status === 'pending' ? toIso(d.nextAttemptAt) : null,
    deliveredAt: toIso(d.deliveredAt),
    createdAt: toIso(d.createdAt),
    data: d.data,
  };
}

const MAX_DELIVERIES = 500;

/** /api/v1/channels and /api/v1/deliveries (spec §14). A viewer manages the channels of their own person. */
const channelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const notifications = app.services.notifications;
  const { channels } = notifications;
  // Viewers manage their own channels: the service decides what each caller may do.
  const config = { access: 'read' as const };

  app.get(
    '/channels',
    { config, schema: { tags, summary: 'List channels', description: "Admins see every channel; a viewer their own person's.", response: { 200: ListOf(ChannelSchema), ...problems(401) } } },
    async (request) => ({ items: (await channels.list(callerOf(request))).map((c) => channelView(c)) }),
  );

  app.get(
    '/channels/:id',
    { config, schema: { tags, summary: 'Read a channel', params: IdParams, response: { 200: ChannelSchema, ...problems(401, 404) } } },
    async (request) => channelView(await channels.get(callerOf(request), request.params.id)),
  );

  app.put(
    '/channels/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Create or replace a channel',
        description:
          'A webhook channel answers its signing secret (`secret`, `whsec_…`) once, in the 201 that creates it; replacing keeps it. ' +
          'A viewer may write only channels whose `person` is their own. URLs on loopback or link-local addresses are refused unless ' +
          'the server runs with ROTA_WEBHOOK_ALLOW_PRIVATE=1. With `If-None-Match: *` only creates.',
        params: IdParams,
        headers: CreateOnlyHeaders,
        body: ChannelBody,
        response: { 200: ChannelSchema, 201: ChannelSchema, ...problems(400, 401, 403, 412) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { id: bodyId, ...draft } = request.body;
      if (bodyId !== undefined && bodyId !== id) throw new ValidationError([{ path: '/id', message: `must equal the id in the URL ("${id}")` }]);
      const { channel, created, secret } = await channels.put(callerOf(request), id, draft, putOptions(request));
      // The secret is in this one answer: keep it out of every cache.
      if (secret) reply.header('cache-control', 'no-store');
      return reply.code(created ? 201 : 200).send(channelView(channel, secret));
    },
  );

  app.delete(
    '/channels/:id',
    { config, schema: { tags, summary: 'Delete a channel (and its delivery log)', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } } },
    async (request, reply) => {
      await channels.delete(callerOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/channels/:id/test',
    {
      config,
      schema: {
        tags,
        summary: 'Send a test notice',
        description: 'Stores a `channel.test` notice, sends it at once and answers its delivery after the first attempt (retried like any notice when it failed).',
        params: IdParams,
        response: { 200: DeliverySchema, ...problems(401, 404) },
      },
    },
    async (request) => deliveryView(await notifications.test(callerOf(request), request.params.id)),
  );

  app.post(
    '/channels/:id/rotate-secret',
    {
      config,
      schema: {
        tags,
        summary: "Replace a webhook channel's signing secret",
        description: 'Answers the new secret once; the old one stops signing at once.',
        params: IdParams,
        response: { 200: Type.Object({ secret: Type.String({ examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] }) }), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { secret: await channels.rotateSecret(callerOf(request), request.params.id) };
    },
  );

  app.get(
    '/deliveries',
    {
      config,
      schema: {
        tags,
        summary: 'The delivery log',
        description: 'Notices, newest first: pending (with the next attempt), delivered, failed (after 24 h of retries or a refusal), missed (fell due while no instance could send). A viewer sees their own channels’.',
        querystring: Type.Object({
          channel: Type.Optional(Slug),
          status: Type.Optional(Type.Unsafe<DeliveryStatus>({ type: 'string', enum: [...DELIVERY_STATUSES] })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DELIVERIES, default: 100 })),
        }),
        response: { 200: ListOf(DeliverySchema), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { channel, status, limit } = request.query;
      const items = await notifications.deliveries(callerOf(request), { channel, status, limit: limit ?? 100 });
      return { items: items.map(deliveryView) };
    },
  );
};

export default channelRoutes;
