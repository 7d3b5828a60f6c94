import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EscalationChain } from '../../services/escalation-chains.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { instantOrNow, InstantInput } from '../instants.js';
import { principalOf } from '../plugins/auth.js';
import { CreateOnlyHeaders, putOptions } from '../create-only.js';
import { IdParams, Instant, LIMITS, ListOf, problems, Slug, toIso } from '../schemas.js';
import { personOrNull } from '../views.js';

const tags = ['escalation chains'];

const Target = Type.Object(
  { schedule: Type.Optional({ ...Slug, examples: ['comms'] }), person: Type.Optional({ ...Slug, examples: ['director'] }) },
  { additionalProperties: false, description: 'Exactly one of schedule or person' },
);

const Level = Type.Object(
  {
    targets: Type.Array(Target, { minItems: 1, maxItems: LIMITS.chainTargets }),
    escalateAfterMinutes: Type.Integer({ minimum: 0, maximum: 10080, description: 'Minutes before the next level is paged (0 = at once)', examples: [15] }),
  },
  { additionalProperties: false },
);

const chainFields = {
  name: Type.String({ minLength: 1, maxLength: LIMITS.name, examples: ['MLS outage'] }),
  levels: Type.Array(Level, { minItems: 1, maxItems: LIMITS.chainLevels }),
  repeat: Type.Integer({ minimum: 0, maximum: 100, default: 0, description: 'How often the whole chain repeats after the last level' }),
};

const ChainBody = Type.Object({ id: Type.Optional(Slug), ...chainFields, repeat: Type.Optional(chainFields.repeat) }, {
  additionalProperties: false,
  examples: [
    {
      name: 'MLS outage',
      levels: [
        { targets: [{ schedule: 'comms' }], escalateAfterMinutes: 15 },
        { targets: [{ schedule: 'comms-backup' }, { person: 'director' }], escalateAfterMinutes: 30 },
      ],
      repeat: 1,
    },
  ],
});

const ChainSchema = Type.Object({ id: Type.String({ examples: ['mls-outage'] }), ...chainFields, createdAt: Instant, updatedAt: Instant });

const ResolvedSchema = Type.Object({
  chain: Type.String({ examples: ['mls-outage'] }),
  at: Instant,
  repeat: Type.Integer({ examples: [1] }),
  levels: Type.Array(
    Type.Object({
      level: Type.Integer({ examples: [1] }),
      startsAfterMinutes: Type.Integer({ description: "Sum of the earlier levels' delays", examples: [0] }),
      escalateAfterMinutes: Type.Integer({ examples: [15] }),
      targets: Type.Array(
        Type.Object({
          schedule: Type.Optional(Type.String({ examples: ['comms'] })),
          scheduleName: Type.Optional(Type.String({ description: 'For a schedule target: its name in the version in force at `at`', examples: ['Communications coordinator'] })),
          person: Type.Union([Type.Ref('Person'), Type.Null()], { description: 'Who is paged; null when the schedule has a gap' }),
          source: Type.Union(
            [Type.Literal('override'), Type.Literal('layer'), Type.Literal('fallback'), Type.Literal('gap'), Type.Literal('person')],
            { examples: ['layer'] },
          ),
          start: Type.Union([Instant, Type.Null()], { description: "Start of the holder's final shift; null beyond 3 years and for a person target" }),
          end: Type.Union([Instant, Type.Null()], { description: "End of the holder's final shift (cache the answer until then); null beyond 3 years and for a person target" }),
        }),
      ),
    }),
  ),
});

function chainView(c: EscalationChain) {
  return { ...c, createdAt: toIso(c.createdAt), updatedAt: toIso(c.updatedAt) };
}

/** /api/v1/escalation-chains (spec §8). */
const escalationChainRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const chains = app.services.escalationChains;

  app.get(
    '/escalation-chains',
    { schema: { tags, summary: 'List escalation chains', response: { 200: ListOf(ChainSchema), ...problems(401) } } },
    async () => ({ items: (await chains.list()).map(chainView) }),
  );

  app.get(
    '/escalation-chains/:id',
    { schema: { tags, summary: 'Read an escalation chain', params: IdParams, response: { 200: ChainSchema, ...problems(401, 404) } } },
    async (request) => chainView(await chains.get(request.params.id)),
  );

  app.put(
    '/escalation-chains/:id',
    {
      schema: {
        tags,
        summary: 'Create or replace an escalation chain',
        description: 'With `If-None-Match: *` only creates: 412 naming `/id` when the chain exists.',
        params: IdParams,
        headers: CreateOnlyHeaders,
        body: ChainBody,
        response: { 200: ChainSchema, 201: ChainSchema, ...problems(400, 401, 403, 412) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { id: bodyId, name, levels, repeat } = request.body;
      if (bodyId !== undefined && bodyId !== id) throw new ValidationError([{ path: '/id', message: `must equal the id in the URL ("${id}")` }]);
      const { chain, created } = await chains.put(id, { name, levels, repeat: repeat ?? 0 }, principalOf(request).actor, putOptions(request));
      return reply.code(created ? 201 : 200).send(chainView(chain));
    },
  );

  app.delete(
    '/escalation-chains/:id',
    { schema: { tags, summary: 'Delete an escalation chain', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } } },
    async (request, reply) => {
      if (!(await chains.delete(request.params.id, principalOf(request).actor))) throw new NotFoundError('escalation chain', request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/escalation-chains/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Whom each level pages at an instant',
        params: IdParams,
        querystring: Type.Object({ at: Type.Optional({ ...InstantInput, description: 'Default now' }) }),
        response: { 200: ResolvedSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const at = instantOrNow(request.query.at, '/query/at', app.services.now);
      const { chain, levels } = await chains.resolve(request.params.id, at);
      const directory = await app.services.people.directory();
      return {
        chain: chain.id,
        at: toIso(at),
        repeat: chain.repeat,
        levels: levels.map((l) => ({
          ...l,
          targets: l.targets.map(({ personId, start, end, ...t }) => ({ ...t, person: personOrNull(directory, personId), start: toIso(start), end: toIso(end) })),
        })),
      };
    },
  );
};

export default escalationChainRoutes;
