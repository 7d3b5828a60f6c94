/**
 * The human message of a notice: a title line, the text and a link to the web app, with names
 * instead of ids and times in the schedule's zone. Every readable kind (Slack, Teams, Discord,
 * ntfy, email) is built from this one description, so they all say the same thing.
 */
import { localTimes, type LocalTimes } from './times.js';
import type { NoticeDescription, NoticeToRender, RenderContext } from './types.js';

/** Lines of a shifts.changed message before "…and N more": a chat message, not a report. */
export const MAX_CHANGE_LINES = 10;

interface Interval {
  start: number;
  end: number;
}

/** The event data is the wire JSON of the outbox: read it without trusting its shape. */
function stringAt(data: Record<string, unknown>, key: string): string | null {
  const v = data[key];
  return typeof v === 'string' ? v : null;
}

function instantOf(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

function intervalsAt(data: Record<string, unknown>, key: string): Interval[] {
  const v = data[key];
  if (!Array.isArray(v)) return [];
  return v.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { start, end } = item as Record<string, unknown>;
    const s = instantOf(start);
    const e = instantOf(end);
    return s === null || e === null ? [] : [{ start: s, end: e }];
  });
}

/** What changed between the person's shifts before and after a write, in time order. */
function shiftChanges(before: Interval[], after: Interval[]): { added: boolean; shift: Interval }[] {
  const key = (i: Interval) => `${i.start}/${i.end}`;
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  return [
    ...before.filter((i) => !afterKeys.has(key(i))).map((shift) => ({ added: false, shift })),
    ...after.filter((i) => !beforeKeys.has(key(i))).map((shift) => ({ added: true, shift })),
  ].sort((a, b) => a.shift.start - b.shift.start || Number(a.added) - Number(b.added));
}

function changeLines(before: Interval[], after: Interval[], times: LocalTimes): string[] {
  const changes = shiftChanges(before, after);
  const lines = changes
    .slice(0, MAX_CHANGE_LINES)
    .map(({ added, shift }) => `${added ? 'Added' : 'Removed'}: ${times.format(shift.start)} to ${times.format(shift.end)}`);
  if (changes.length > MAX_CHANGE_LINES) lines.push(`…and ${changes.length - MAX_CHANGE_LINES} more.`);
  return lines;
}

export function describe(notice: NoticeToRender, ctx: RenderContext): NoticeDescription {
  const { data } = notice;
  const times = localTimes(ctx.schedule?.timeZone ?? null, notice.occurredAt);
  const zone = `(${times.zone})`;
  const scheduleId = ctx.schedule?.id ?? stringAt(data, 'schedule');
  const schedule = ctx.schedule?.name ?? scheduleId ?? 'a schedule';
  const nameOf = (key: string) => {
    const id = stringAt(data, key);
    return id === null ? null : (ctx.people.get(id) ?? id);
  };
  const person = nameOf('person') ?? 'No one';
  const at = (key: string) => {
    const ms = instantOf(data[key]);
    return ms === null ? 'an unknown time' : times.format(ms);
  };
  const link = (path: string) => (ctx.appUrl === null ? null : `${ctx.appUrl}${path}`);
  const scheduleLink = scheduleId === null ? null : link(`/#/schedules/${encodeURIComponent(scheduleId)}`);

  switch (notice.type) {
    case 'shift.started': {
      const until = data.end == null ? '' : ` until ${at('end')} ${zone}`;
      const previous = nameOf('previousPerson');
      const next = nameOf('nextPerson');
      const text =
        `${person} is now the ${schedule}${until}.` +
        (previous === null ? '' : ` Takes over from ${previous}.`) +
        (next === null ? '' : ` Next: ${next}.`);
      return { title: `${person} is now on call: ${schedule}`, text, link: scheduleLink };
    }
    case 'shift.upcoming':
      return {
        title: `Reminder: ${person} on call for ${schedule} from ${at('start')}`,
        text: `Reminder: ${person} is on call for ${schedule} from ${at('start')} to ${at('end')} ${zone}.`,
        link: scheduleLink,
      };
    case 'shifts.changed': {
      const lines = changeLines(intervalsAt(data, 'before'), intervalsAt(data, 'after'), times);
      return {
        title: `Shifts changed for ${person}: ${schedule}`,
        text: [`On-call shifts of ${person} for ${schedule} changed (times in ${times.zone}):`, ...lines].join('\n'),
        link: scheduleLink,
      };
    }
    case 'coverage.gap':
      return {
        title: `Coverage gap: ${schedule}`,
        text: `No one is on call for ${schedule} from ${at('start')} to ${at('end')} ${zone}.`,
        link: scheduleLink,
      };
    case 'bulletin.updated':
      return {
        title: stringAt(data, 'title') ?? 'Outage bulletin updated',
        text: stringAt(data, 'summary') ?? 'The outage bulletin was updated.',
        link: link('/status'),
      };
    case 'channel.test':
      return {
        title: 'Test notice from Rota',
        text: `Test notice from Rota for channel ${ctx.channel.name}. If you can read this, the channel works.`,
        link: link('/#/channels'),
      };
  }
}
