import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends JSON text written elsewhere — the polled on-call routes, and large timelines streamed by
 * the compute workers: a string or a stream skips Fastify's serializer. The route still declares
 * its response schema, for the OpenAPI document.
 */
export function sendJsonText(reply: FastifyReply, text: string | Readable): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text);
}
