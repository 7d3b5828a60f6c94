import type { FastifyRequest } from 'fastify';

/**
 * Whether the client's copy is current (RFC 9110 §13.1): If-None-Match (weak comparison) decides
 * when present; else If-Modified-Since against `lastModified` (epoch ms).
 */
export function notModified(request: FastifyRequest, etag: string, lastModified: number): boolean {
  const inm = request.headers['if-none-match'];
  if (inm !== undefined) {
    return inm.split(',').some((tag) => {
      const t = tag.trim();
      return t === '*' || t.replace(/^W\//, '') === etag;
    });
  }
  const ims = request.headers['if-modified-since'];
  const since = ims === undefined ? NaN : Date.parse(ims);
  return !Number.isNaN(since) && lastModified <= since;
}
