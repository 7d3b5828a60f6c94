/**
 * Discord's execute-webhook body: the title as `content` (what a push notification shows) and one
 * embed with the text, linked to the web app when its address is known. Discord's limits are kept
 * (content 2,000 characters; embed title 256, description 4,096, 6,000 in all), markdown written
 * by people is escaped so a name shows as written, and `allowed_mentions` with nothing to parse
 * means no text — not even "@everyone" in a name — pings anyone.
 */
import { describe } from './describe.js';
import { fit } from './fit.js';
import type { NoticeToRender, NoticeType, RenderContext } from './types.js';

const CONTENT_MAX = 2000;
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 4096;
/** Well under Discord's 2,048, so that title + description + footer stay under 6,000 in all. */
const FOOTER_MAX = 200;

/** Embed colours: red for a gap, amber for changes, blue for the rest. */
const COLORS: Record<NoticeType, number> = {
  'coverage.gap': 0xd92d20,
  'shifts.changed': 0xf79009,
  'shift.started': 0x2e90fa,
  'shift.upcoming': 0x2e90fa,
  'bulletin.updated': 0xf79009,
  'channel.test': 0x12b76a,
};

export interface DiscordBody {
  content: string;
  embeds: { title: string; description: string; url?: string; color: number; timestamp: string; footer: { text: string } }[];
  allowed_mentions: { parse: [] };
}

/** Discord markdown shown as written: a backslash before any punctuation keeps it literal. */
function discordEscape(text: string): string {
  return text.replace(/[\\*_~`|<>[\]#]/g, '\\$&');
}

export function discordBody(notice: NoticeToRender, ctx: RenderContext): DiscordBody {
  const d = describe(notice, ctx);
  return {
    content: fit(discordEscape(d.title), CONTENT_MAX),
    embeds: [
      {
        title: fit(discordEscape(ctx.schedule?.name ?? 'Rota'), TITLE_MAX),
        description: fit(discordEscape(d.text), DESCRIPTION_MAX),
        ...(d.link === null ? {} : { url: d.link }),
        color: COLORS[notice.type],
        timestamp: new Date(notice.occurredAt).toISOString(),
        footer: { text: fit(`Rota · ${ctx.channel.name}`, FOOTER_MAX) }, // footers show no markdown
      },
    ],
    allowed_mentions: { parse: [] },
  };
}
