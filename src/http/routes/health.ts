import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendProblem } from '../problem.js';
import { problems } from '../schemas.js';

/** GET /healthz — 200 only when the database answers (load balancers and uptime checks). */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness and database check',
        response: { 200: Type.Object({ status: Type.Literal('ok') }), ...problems(503) },
      },
    },
    async (_request, reply) => {
      if (!(await app.services.health.databaseAnswers())) return sendProblem(reply, 503, 'the database does not answer');
      return { status: 'ok' as const };
    },
  );
};

export default healthRoutes;
