/**
 * `If-None-Match: *` on a PUT (RFC 9110 §13.1.2): create, never replace — 412 when the id is
 * taken (see services/create-only.ts). Only `*` means anything here: resources carry no ETag,
 * so another entity tag never matches and the PUT goes ahead as usual.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { PutOptions } from '../services/create-only.js';

/** The header as the OpenAPI description shows it on every create-or-replace PUT. */
export const CreateOnlyHeaders = Type.Object({
  'if-none-match': Type.Optional(
    Type.String({ maxLength: 1024, description: '`*` to create only: 412 (naming `/id`) instead of replacing when the id exists', examples: ['*'] }),
  ),
});

export function putOptions(request: FastifyRequest): PutOptions {
  const header = request.headers['if-none-match'];
  return { createOnly: header !== undefined && header.split(',').some((tag) => tag.trim() === '*') };
}
