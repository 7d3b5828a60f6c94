import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Person } from '../../services/people.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { principalOf } from '../plugins/auth.js';
import { IdParams, Instant, ListOf, problems, Slug } from '../schemas.js';
import { personView } from '../../render/wire.js';
import { CreateOnlyHeaders, putOptions } from '../create-only.js';

const PersonBody = Type.Object({
  id: Type.Optional(Slug),
  name: Type.String({ minLength: 1, maxLength: 200, examples: ['Alice Adams'] }),
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 320 }), Type.Null()], { examples: ['alice@example.com'] })),
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { examples: ['+1 555 0100'] })),
  timeZone: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { examples: ['America/New_York'] })),
});

export const PersonSchema = Type.Object(
  {
    id: Type.String({ examples: ['alice'] }),
    name: Type.String({ examples: ['Alice Adams'] }),
    email: Type.Union([Type.String(), Type.Null()], { examples: ['alice@example.com'] }),
    phone: Type.Union([Type.String(), Type.Null()], { examples: ['+1 555 0100'] }),
    timeZone: Type.Union([Type.String(), Type.Null()], { examples: ['America/New_York'] }),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Person' },
);


/** /api/v1/people — the people rotations name (spec §2). */
const peopleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/people',
    { schema: { tags: ['people'], summary: 'List people', response: { 200: ListOf(Type.Ref('Person')), ...problems(401) } } },
    async () => ({ items: [...(await app.services.people.directory()).values()].map(personView) }),
  );

  app.get(
    '/people/:id',
    { schema: { tags: ['people'], summary: 'Read a person', params: IdParams, response: { 200: Type.Ref('Person'), ...problems(401, 404) } } },
    async (request) => {
      const person = (await app.services.people.directory()).get(request.params.id);
      if (!person) throw new NotFoundError('person', request.params.id);
      return personView(person);
    },
  );

  app.put(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Create or replace a person',
        description: 'With `If-None-Match: *` only creates: 412 naming `/id` when the person exists (what the web app\'s "Add person" sends).',
        params: IdParams,
        headers: CreateOnlyHeaders,
        body: PersonBody,
        response: { 200: Type.Ref('Person'), 201: Type.Ref('Person'), ...problems(400, 401, 403, 409, 412) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      if (body.id !== undefined && body.id !== id) {
        throw new ValidationError([{ path: '/id', message: `must equal the id in the URL ("${id}")` }]);
      }
      const { person, created } = await app.services.people.put(
        id,
        { name: body.name, email: body.email ?? null, phone: body.phone ?? null, timeZone: body.timeZone ?? null },
        principalOf(request).actor,
        putOptions(request),
      );
      return reply.code(created ? 201 : 200).send(personView(person));
    },
  );

  app.delete(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Delete a person',
        description: 'Refused with 409 (naming the references) while a schedule, override or escalation chain names them.',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      if (!(await app.services.people.delete(request.params.id, principalOf(request).actor))) {
        throw new NotFoundError('person', request.params.id);
      }
      return reply.code(204).send(null);
    },
  );
};

export default peopleRoutes;
