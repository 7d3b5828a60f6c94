import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ValidationError } from '../../errors.js';
import {
  COMPONENT_STATUSES,
  IMPACTS,
  INCIDENT_STATUSES,
  incidentComponents,
  type ComponentStatus,
  type ComponentView,
  type Impact,
  type Incident,
  type IncidentStatus,
} from '../../services/bulletin.js';
import { CreateOnlyHeaders, putOptions } from '../create-only.js';
import { instantOrNow, InstantInput } from '../instants.js';
import { callerOf } from '../plugins/auth.js';
import { IdParams, Instant, LIMITS, ListOf, problems, Slug, toIso } from '../schemas.js';

const tags = ['bulletin'];

const MAX_ALTERNATIVES = 20;
const MAX_COMPONENTS_NAMED = 50;

const componentStatus = Type.Unsafe<ComponentStatus>({ type: 'string', enum: [...COMPONENT_STATUSES], examples: ['partial_outage'] });
const incidentStatus = Type.Unsafe<IncidentStatus>({ type: 'string', enum: [...INCIDENT_STATUSES], examples: ['identified'] });
const impact = Type.Unsafe<Impact>({ type: 'string', enum: [...IMPACTS], examples: ['major'] });

const Alternative = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: LIMITS.name, examples: ['Listing search through your broker website'] }),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, pattern: '^https?://', examples: ['https://broker.example.com/search'] })),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 50, examples: ['+1 555 0100'] })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

const componentFields = {
  name: Type.String({ minLength: 1, maxLength: LIMITS.name, examples: ['Listing search'] }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  status: Type.Optional(componentStatus),
  alternatives: Type.Optional(Type.Array(Alternative, { maxItems: MAX_ALTERNATIVES })),
};

const ComponentBody = Type.Object({ id: Type.Optional(Slug), ...componentFields }, { additionalProperties: false });

const AlternativeView = Type.Object({ name: Type.String(), url: Type.Optional(Type.String()), phone: Type.Optional(Type.String()), note: Type.Optional(Type.String()) });

const ComponentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  status: componentStatus,
  effectiveStatus: { ...componentStatus, description: 'What the status page shows: the newest open incident update naming it, else `status`' },
  alternatives: Type.Array(AlternativeView),
  createdAt: Instant,
  updatedAt: Instant,
});

/** Component ids → statuses; at most MAX_COMPONENTS_NAMED. */
const ComponentsNamed = Type.Record(Slug, componentStatus, { maxProperties: MAX_COMPONENTS_NAMED, examples: [{ 'listing-search': 'major_outage' }] });

const updateFields = {
  status: incidentStatus,
  message: Type.String({ minLength: 1, maxLength: 10_000, examples: ['Listing search is down. Use your broker website meanwhile.'] }),
  components: Type.Optional(ComponentsNamed),
  nextUpdateBy: Type.Optional({ ...InstantInput, description: 'When the next update is due (in the future)' }),
};

const IncidentBody = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: LIMITS.name, examples: ['Listing search down'] }), impact, ...updateFields },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(updateFields, { additionalProperties: false });

const UpdateSchema = Type.Object({
  id: Type.String(),
  status: incidentStatus,
  message: Type.String(),
  components: Type.Record(Type.String(), componentStatus),
  nextUpdateBy: Type.Union([Instant, Type.Null()]),
  postedAt: Instant,
  postedBy: Type.String({ description: 'The poster’s name (their person’s), else their email or token name' }),
});

const IncidentSchema = Type.Object({
  id: Type.String({ examples: ['inc-3f9a1c2b7d4e'] }),
  title: Type.String(),
  status: incidentStatus,
  impact,
  createdAt: Instant,
  updatedAt: Instant,
  resolvedAt: Type.Union([Instant, Type.Null()]),
  nextUpdateBy: Type.Union([Instant, Type.Null()]),
  components: Type.Record(Type.String(), componentStatus, { description: 'Each component as the newest update naming it says' }),
  updates: Type.Array(UpdateSchema, { description: 'Newest first' }),
});

const BulletinBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: LIMITS.name, examples: ['Example Realty status'] }),
    coordinatorSchedule: Type.Union([Slug, Type.Null()], { description: 'The schedule whose person on call now is the coordinator on duty' }),
    showCoordinator: Type.Optional(Type.Boolean({ default: true })),
    about: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const BulletinSchema = Type.Object({
  title: Type.String(),
  coordinatorSchedule: Type.Union([Type.String(), Type.Null()]),
  showCoordinator: Type.Boolean(),
  about: Type.Union([Type.String(), Type.Null()]),
  coordinator: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()], { description: 'The coordinator on duty now' }),
  canPost: Type.Boolean({ description: 'Whether the caller may post incidents and updates now' }),
});

function componentView(c: ComponentView) {
  return {
    id: c.id,
    name: c.name,
    ...(c.description !== null ? { description: c.description } : {}),
    status: c.status,
    effectiveStatus: c.effectiveStatus,
    alternatives: c.alternatives.map((a) => ({
      name: a.name,
      ...(a.url !== null ? { url: a.url } : {}),
      ...(a.phone !== null ? { phone: a.phone } : {}),
      ...(a.note !== null ? { note: a.note } : {}),
    })),
    createdAt: toIso(c.createdAt),
    updatedAt: toIso(c.updatedAt),
  };
}

function incidentView(i: Incident) {
  return {
    id: i.id,
    title: i.title,
    status: i.status,
    impact: i.impact,
    createdAt: toIso(i.createdAt),
    updatedAt: toIso(i.updatedAt),
    resolvedAt: toIso(i.resolvedAt),
    nextUpdateBy: i.resolvedAt === null ? toIso(i.updates[0]?.nextUpdateBy ?? null) : null,
    components: incidentComponents(i),
    updates: i.updates.map((u) => ({ ...u, nextUpdateBy: toIso(u.nextUpdateBy), postedAt: toIso(u.postedAt) })),
  };
}

/** An optional instant of a request body, as epoch ms. */
const instantOf = (value: string | undefined, path: string, now: () => number) => (value === undefined ? undefined : instantOrNow(value, path, now));

/** /api/v1/bulletin, /components, /incidents (spec §15). */
const bulletinRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const bulletin = app.services.bulletin;
  const now = app.services.now;
  // The coordinator on duty may post: the service decides who may.
  const config = { access: 'read' as const };

  app.get(
    '/bulletin',
    { schema: { tags, summary: 'The bulletin’s settings, the coordinator on duty, and whether you may post', response: { 200: BulletinSchema, ...problems(401) } } },
    async (request) => bulletin.view(callerOf(request)),
  );

  app.put(
    '/bulletin',
    { schema: { tags, summary: 'Set the bulletin (admins)', body: BulletinBody, response: { 200: BulletinSchema, ...problems(400, 401, 403) } } },
    async (request) => {
      const { title, coordinatorSchedule, showCoordinator, about } = request.body;
      const caller = callerOf(request);
      await bulletin.putSettings(caller, { title, coordinatorSchedule, showCoordinator: showCoordinator ?? true, about: about ?? null });
      return bulletin.view(caller);
    },
  );

  app.get('/components', { schema: { tags, summary: 'List components', response: { 200: ListOf(ComponentSchema), ...problems(401) } } }, async () => ({
    items: (await bulletin.components()).map(componentView),
  }));

  app.get(
    '/components/:id',
    { schema: { tags, summary: 'Read a component', params: IdParams, response: { 200: ComponentSchema, ...problems(401, 404) } } },
    async (request) => componentView(await bulletin.component(request.params.id)),
  );

  app.put(
    '/components/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Create or replace a component (admins and the coordinator on duty)',
        params: IdParams,
        headers: CreateOnlyHeaders,
        body: ComponentBody,
        response: { 200: ComponentSchema, 201: ComponentSchema, ...problems(400, 401, 403, 412) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { id: bodyId, name, description, status, alternatives } = request.body;
      if (bodyId !== undefined && bodyId !== id) throw new ValidationError([{ path: '/id', message: `must equal the id in the URL ("${id}")` }]);
      const input = {
        name,
        description: description ?? null,
        status: status ?? 'operational',
        alternatives: (alternatives ?? []).map((a) => ({ name: a.name, url: a.url ?? null, phone: a.phone ?? null, note: a.note ?? null })),
      };
      const { component, created } = await bulletin.putComponent(callerOf(request), id, input, putOptions(request));
      return reply.code(created ? 201 : 200).send(componentView(component));
    },
  );

  app.delete(
    '/components/:id',
    { schema: { tags, summary: 'Delete a component (admins)', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } } },
    async (request, reply) => {
      await bulletin.deleteComponent(callerOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/incidents',
    {
      schema: {
        tags,
        summary: 'List incidents, newest first',
        querystring: Type.Object({
          status: Type.Optional(Type.Unsafe<'open' | 'resolved'>({ type: 'string', enum: ['open', 'resolved'], default: 'open' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: ListOf(IncidentSchema), ...problems(400, 401) },
      },
    },
    async (request) => ({ items: (await bulletin.incidents(request.query.status ?? 'open', request.query.limit ?? 100)).map(incidentView) }),
  );

  app.get(
    '/incidents/:id',
    { schema: { tags, summary: 'Read an incident with its updates', params: IdParams, response: { 200: IncidentSchema, ...problems(401, 404) } } },
    async (request) => incidentView(await bulletin.incident(request.params.id)),
  );

  app.post(
    '/incidents',
    {
      config,
      schema: {
        tags,
        summary: 'Open an incident (admins and the coordinator on duty)',
        description: 'Its message is its first update; it is announced to channels hearing `bulletin.updated`.',
        body: IncidentBody,
        response: { 201: IncidentSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { title, impact: level, status, message, components, nextUpdateBy } = request.body;
      const incident = await bulletin.createIncident(callerOf(request), {
        title,
        impact: level,
        status,
        message,
        components,
        nextUpdateBy: instantOf(nextUpdateBy, '/nextUpdateBy', now),
      });
      return reply.code(201).send(incidentView(incident));
    },
  );

  app.post(
    '/incidents/:id/updates',
    {
      config,
      schema: {
        tags,
        summary: 'Post an update (admins and the coordinator on duty)',
        description: 'The incident takes its status (resolved, or reopened by any other); announced to channels hearing `bulletin.updated`.',
        params: IdParams,
        body: UpdateBody,
        response: { 201: IncidentSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { status, message, components, nextUpdateBy } = request.body;
      const incident = await bulletin.postUpdate(callerOf(request), request.params.id, { status, message, components, nextUpdateBy: instantOf(nextUpdateBy, '/nextUpdateBy', now) });
      return reply.code(201).send(incidentView(incident));
    },
  );
};

export default bulletinRoutes;
