/**
 * The generic webhook body (spec §14): `{ id, type, occurredAt, data }`, the exact text that is
 * signed and sent. Machines read it, so it carries ids and UTC instants, no rendered words.
 */
import type { NoticeToRender } from './types.js';

export function webhookBody(notice: NoticeToRender): string {
  return JSON.stringify({ id: notice.id, type: notice.type, occurredAt: new Date(notice.occurredAt).toISOString(), data: notice.data });
}
