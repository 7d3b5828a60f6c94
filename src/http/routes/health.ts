import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendProblem } from '../problem.js';
import { problems } from '../schemas.js';

/**
 * GET /healthz — 200 only when the database answers (load balancers and uptime checks), saying
 * whether this instance is the one doing the background work.
 */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness and database check',
        description: 'Whether this instance answers, and whether it is the leader: the one instance that does background work (always true on SQLite).',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            leader: Type.Boolean({ description: 'This instance does the background work (spec §14 notifications); one instance at a time on PostgreSQL.' }),
          }),
          ...problems(503),
        },
      },
    },
    async (_request, reply) => {
      if (!(await app.services.health.databaseAnswers())) return sendProblem(reply, 503, 'the database does not answer');
      return { status: 'ok' as const, leader: app.services.health.isLeader() };
    },
  );
};

export default healthRoutes;
