/**
 * Slack incoming webhooks, and the Slack-compatible ones of Mattermost and Rocket.Chat. `text`
 * carries the whole message, as Mattermost and Rocket.Chat read only it; Slack shows `blocks`
 * and uses `text` for the notification. Names are written by people: `&`, `<` and `>` are
 * escaped (Slack's control characters), so a name like `<!channel>` or `<https://x|y>` is shown
 * as written, and a word joiner after every `@` keeps Mattermost and Rocket.Chat, which turn a
 * plain `@channel` or `@all` into a mention, from pinging anyone.
 */
import { describe } from './describe.js';
import { fit } from './fit.js';
import type { NoticeToRender, RenderContext } from './types.js';

/** Slack's limit on a section's text. */
const SECTION_TEXT_MAX = 3000;

export interface SlackBody {
  text: string;
  blocks: ({ type: 'section'; text: { type: 'mrkdwn'; text: string } } | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] })[];
}

/** Slack's control characters as entities (also inside a link's URL, where Slack decodes them). */
function escapeControl(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text written by people, safe in any of the three: no markup, no mention. */
function slackText(text: string): string {
  return escapeControl(text).replace(/@/g, '@\u2060');
}

/** Cut escaped text without leaving half an entity ("&am…"). */
function fitEscaped(text: string, max: number): string {
  const cut = fit(text, max);
  return cut === text ? text : cut.replace(/&[a-z]{0,4}…$/, '…');
}

export function slackBody(notice: NoticeToRender, ctx: RenderContext): SlackBody {
  const d = describe(notice, ctx);
  const message = `*${slackText(d.title)}*\n${slackText(d.text)}`;
  const link = d.link === null ? null : `<${escapeControl(d.link)}|Open in Rota>`;
  return {
    text: link === null ? message : `${message}\n${link}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: fitEscaped(message, SECTION_TEXT_MAX) } },
      ...(link === null ? [] : [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: link }] }]),
    ],
  };
}
