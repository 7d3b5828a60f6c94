/** Notices and render contexts the notification tests share. */
import type { NoticeToRender, NoticeType, RenderContext } from '../../src/render/notices/index.js';

export const PEOPLE = new Map([
  ['alice', 'Alice Adams'],
  ['bob', 'Bob Brown'],
  ['carol', 'Carol Clark'],
]);

export const COMMS_BERLIN = { id: 'comms', name: 'Communications coordinator', timeZone: 'Europe/Berlin' };

export function context(overrides: Partial<RenderContext> = {}): RenderContext {
  return { schedule: COMMS_BERLIN, people: PEOPLE, channel: { id: 'ops', name: '#ops' }, appUrl: 'https://rota.example.com', ...overrides };
}

export function notice(type: NoticeType, occurredAt: string, data: Record<string, unknown>, id = 'msg_2QxTest'): NoticeToRender {
  return { id, type, occurredAt: Date.parse(occurredAt), data };
}

/** Alice's handoff on Saturday 27 March 2027, 09:00 in Berlin, for a week. */
export const handoff = notice('shift.started', '2027-03-27T08:00:00.000Z', {
  schedule: 'comms',
  person: 'alice',
  start: '2027-03-27T08:00:00.000Z',
  end: '2027-04-03T07:00:00.000Z',
  previousPerson: 'carol',
  nextPerson: 'bob',
});
