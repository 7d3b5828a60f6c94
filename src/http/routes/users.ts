import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../errors.js';
import type { User } from '../../services/users.js';
import { principalOf } from '../plugins/auth.js';
import { Instant, ListOf, problems, toIso } from '../schemas.js';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('viewer')]);
export const Password = Type.String({ minLength: 8, maxLength: 1024, description: 'At least 8 characters' });
const Email = Type.String({ format: 'email', maxLength: 320, examples: ['alice@example.com'] });
const UserId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  createdAt: Instant,
  updatedAt: Instant,
});

export function userView(u: Pick<User, 'id' | 'email' | 'name' | 'role' | 'createdAt' | 'updatedAt'>) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, createdAt: toIso(u.createdAt), updatedAt: toIso(u.updatedAt) };
}

/** /api/v1/users — admins manage who may sign in. Reading the list is admin-only too. */
const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = { access: 'admin' as const };

  app.get(
    '/users',
    { config: adminOnly, schema: { tags: ['users'], summary: 'List users', response: { 200: ListOf(UserSchema), ...problems(401, 403) } } },
    async () => ({ items: (await app.services.users.list()).map(userView) }),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: Type.Object({
          email: Email,
          name: Type.String({ minLength: 1, maxLength: 200 }),
          role: Role,
          password: Password,
        }),
        response: { 201: UserSchema, ...problems(400, 401, 403, 409, 503) },
      },
    },
    async (request, reply) => {
      const { email, name, role, password } = request.body;
      const user = await app.services.users.create({ email, name, role, password }, principalOf(request).actor);
      return reply.code(201).send(userView(user));
    },
  );

  app.get(
    '/users/:id',
    { config: adminOnly, schema: { tags: ['users'], summary: 'Read a user', params: UserId, response: { 200: UserSchema, ...problems(401, 403, 404) } } },
    async (request) => {
      const user = await app.services.users.get(request.params.id);
      if (!user) throw new NotFoundError('user', request.params.id);
      return userView(user);
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user\'s name or role, or reset their password (which ends every session of that user)',
        params: UserId,
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), role: Type.Optional(Role), password: Type.Optional(Password) },
          { minProperties: 1 },
        ),
        response: { 200: UserSchema, ...problems(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const { name, role, password } = request.body;
      const user = await app.services.users.update(request.params.id, { name, role, password }, principalOf(request).actor);
      if (!user) throw new NotFoundError('user', request.params.id);
      return userView(user);
    },
  );

  app.delete(
    '/users/:id',
    { schema: { tags: ['users'], summary: 'Delete a user', params: UserId, response: { 204: Type.Null(), ...problems(401, 403, 404, 409) } } },
    async (request, reply) => {
      if (!(await app.services.users.delete(request.params.id, principalOf(request).actor))) {
        throw new NotFoundError('user', request.params.id);
      }
      return reply.code(204).send(null);
    },
  );
};

export default userRoutes;
