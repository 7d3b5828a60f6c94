/**
 * An email of a notice: the title as subject, the text as plain text and as a small HTML part
 * (everything people wrote is HTML-escaped, so a name cannot add markup or links), with a link to
 * the web app when its address is known.
 */
import { describe } from './describe.js';
import type { NoticeToRender, RenderContext } from './types.js';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function emailMessage(notice: NoticeToRender, ctx: RenderContext): EmailMessage {
  const d = describe(notice, ctx);
  const footer = `Sent by Rota to the channel ${ctx.channel.name}.`;
  const text = [d.text, ...(d.link === null ? [] : ['', `Open in Rota: ${d.link}`]), '', '-- ', footer, ''].join('\n');
  const paragraphs = d.text.split('\n').map((line) => `<p style="margin:0 0 4px">${escapeHtml(line)}</p>`);
  const html = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"></head><body style="font-family:sans-serif">',
    `<h2 style="font-size:16px">${escapeHtml(d.title)}</h2>`,
    ...paragraphs,
    ...(d.link === null ? [] : [`<p><a href="${escapeHtml(d.link)}">Open in Rota</a></p>`]),
    `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  // A subject is one line: a line break in a name must not start another header.
  return { subject: d.title.replace(/[\r\n]+/g, ' '), text, html };
}
