/**
 * ntfy, published as JSON: the channel's URL is a topic URL (https://ntfy.sh/mytopic, perhaps on
 * a self-hosted server under a path, perhaps with ?auth=…); the JSON goes to the server's root
 * (the URL without its last path segment, the query kept) with the topic in the body. Plain text
 * (no markdown), the web app as the click target, a tag (shown as an emoji) per type, and a higher
 * priority for a coverage gap, which needs someone to act.
 */
import { describe } from './describe.js';
import { fit, fitBytes } from './fit.js';
import type { NoticeToRender, NoticeType, RenderContext } from './types.js';

/** ntfy's topic names. */
const TOPIC = /^[-_A-Za-z0-9]{1,64}$/;
/** ntfy.sh's default message limit: a longer message becomes an attachment. */
const MESSAGE_MAX_BYTES = 4096;
const TITLE_MAX = 250;

const TAGS: Record<NoticeType, string> = {
  'shift.started': 'bell',
  'shift.upcoming': 'alarm_clock',
  'shifts.changed': 'calendar',
  'coverage.gap': 'rotating_light',
  'bulletin.updated': 'loudspeaker',
  'channel.test': 'white_check_mark',
};

/** ntfy's priorities: 3 is the default, 4 "high" (a longer vibration, a pop-over). */
const HIGH = 4;
const DEFAULT = 3;

export interface NtfyMessage {
  topic: string;
  title: string;
  message: string;
  tags: string[];
  priority: number;
  click?: string;
}

/** Where a topic URL publishes: the server's root and the topic, or null when the URL names no valid topic. */
export function ntfyTarget(topicUrl: string): { root: string; topic: string } | null {
  let url: URL;
  try {
    url = new URL(topicUrl);
  } catch {
    return null;
  }
  const segments = url.pathname.split('/');
  if (segments.length > 2 && segments.at(-1) === '') segments.pop(); // "…/mytopic/"
  const topic = segments.pop() ?? '';
  if (!TOPIC.test(topic)) return null;
  url.pathname = `${segments.join('/')}/`;
  return { root: url.toString(), topic };
}

/** The request publishing the notice, or null when the channel's URL names no topic. */
export function ntfyRequest(topicUrl: string, notice: NoticeToRender, ctx: RenderContext): { url: string; body: NtfyMessage } | null {
  const target = ntfyTarget(topicUrl);
  if (target === null) return null;
  const d = describe(notice, ctx);
  return {
    url: target.root,
    body: {
      topic: target.topic,
      title: fit(d.title, TITLE_MAX),
      message: fitBytes(d.text, MESSAGE_MAX_BYTES),
      tags: [TAGS[notice.type]],
      priority: notice.type === 'coverage.gap' ? HIGH : DEFAULT,
      ...(d.link === null ? {} : { click: d.link }),
    },
  };
}
