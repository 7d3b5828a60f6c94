import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../plugins/auth.js';
import { problems } from '../schemas.js';

/** `rota-20270328T220000Z.db`: sorts by time, no characters a file system dislikes. */
function backupFileName(now: Date): string {
  return `rota-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.db`;
}

/** /api/v1/admin — operations on the server itself. */
const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/admin/backup',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Download a consistent online copy of the database, without credentials (restore it with npm run restore)',
        description:
          'The copy has no session secret, no password hashes, no API tokens and no feeds (spec §10: no secret or hash in a ' +
          'response). After restoring it, start the server with ROTA_ADMIN_EMAIL / ROTA_ADMIN_PASSWORD (or read the random ' +
          'password it prints) to sign in as admin, then reset the other users\' passwords and create tokens and feeds again. ' +
          '`npm run backup` makes a complete copy. A server on PostgreSQL (ROTA_DATABASE_URL) answers 501: back it up with npm run backup (a Rota dump) or pg_dump.',
        response: {
          // Described for OpenAPI only: a stream is sent as is, never serialized.
          200: Type.Unsafe<unknown>({
            description: 'The SQLite database file',
            content: { 'application/vnd.sqlite3': { schema: { type: 'string', format: 'binary' } } },
          }),
          ...problems(401, 403, 501),
        },
      },
    },
    async (_request, reply) => {
      // Backed up through the server's own connection: the copy includes every committed write,
      // and writes made while it runs are either wholly in it or not at all.
      const dir = await mkdtemp(join(tmpdir(), 'rota-backup-'));
      const cleanup = () => rm(dir, { recursive: true, force: true });
      try {
        const file = join(dir, 'rota.db');
        await app.services.configuration.backupTo(file);
        const stream = createReadStream(file);
        stream.once('close', () => void cleanup());
        return reply
          .type('application/vnd.sqlite3')
          .header('content-disposition', `attachment; filename="${backupFileName(new Date(app.services.now()))}"`)
          // The whole configuration, with e-mail addresses: no cache may keep it.
          .header('cache-control', 'no-store')
          .send(stream);
      } catch (err) {
        await cleanup();
        throw err;
      }
    },
  );

  app.post(
    '/admin/session-secret/rotate',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Sign sessions with a new secret: every session ends at once (API tokens and feeds are not affected)',
        description:
          'For a session secret that may have leaked (a backup, a copy of the database). Everyone signs in again, ' +
          'including the caller. 409 when ROTA_JWT_SECRET pins the secret: change it there and restart instead.',
        response: { 204: Type.Null(), ...problems(401, 403, 409) },
      },
    },
    async (request, reply) => {
      await app.sessions.rotateSecret(principalOf(request).actor);
      return reply.code(204).send(null);
    },
  );
};

export default adminRoutes;
