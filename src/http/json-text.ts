import type { FastifyReply } from 'fastify';

/**
 * Sends JSON text written elsewhere (the polled on-call routes, large timelines written by the
 * compute workers, as bytes): a string or a Buffer skips Fastify's serializer. The route still declares its response
 * schema, for the OpenAPI document.
 */
export function sendJsonText(reply: FastifyReply, text: string | Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text);
}
