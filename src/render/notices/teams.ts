/**
 * Microsoft Teams through Workflows ("Post to a channel when a webhook request is received"):
 * a message with one Adaptive Card attachment (Office 365 connectors are retired). Text goes in
 * RichTextBlock/TextRun, which Teams shows as written — a TextBlock would read markdown, so a name
 * like "[x](https://…)" would become a link.
 */
import { describe } from './describe.js';
import type { NoticeToRender, RenderContext } from './types.js';

interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  size?: 'Medium';
}

export interface TeamsBody {
  type: 'message';
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive';
      contentUrl: null;
      content: {
        $schema: string;
        type: 'AdaptiveCard';
        version: '1.4';
        body: { type: 'RichTextBlock'; inlines: [TextRun] }[];
        actions?: { type: 'Action.OpenUrl'; title: string; url: string }[];
      };
    },
  ];
}

const paragraph = (run: Omit<TextRun, 'type'>) => ({ type: 'RichTextBlock' as const, inlines: [{ type: 'TextRun' as const, ...run }] as [TextRun] });

export function teamsBody(notice: NoticeToRender, ctx: RenderContext): TeamsBody {
  const d = describe(notice, ctx);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [paragraph({ text: d.title, weight: 'Bolder', size: 'Medium' }), ...d.text.split('\n').map((text) => paragraph({ text }))],
          ...(d.link === null ? {} : { actions: [{ type: 'Action.OpenUrl' as const, title: 'Open in Rota', url: d.link }] }),
        },
      },
    ],
  };
}
