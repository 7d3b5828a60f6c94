/**
 * Cutting text to a receiver's limit (Discord's 2,000-character content, ntfy's 4 KiB message…)
 * instead of having the whole notice refused: a cut text ends with "…", and never splits a
 * character in two.
 */
const ELLIPSIS = '…';

/** `text` in at most `max` UTF-16 code units (how JavaScript, Slack and Discord count). */
export function fit(text: string, max: number): string {
  return fitBy(text, max, (ch) => ch.length);
}

const utf8 = new TextEncoder();

/** `text` in at most `maxBytes` bytes of UTF-8. */
export function fitBytes(text: string, maxBytes: number): string {
  return fitBy(text, maxBytes, (ch) => utf8.encode(ch).length);
}

function fitBy(text: string, max: number, size: (ch: string) => number): string {
  let total = 0;
  for (const ch of text) total += size(ch);
  if (total <= max) return text;
  let used = size(ELLIPSIS);
  let kept = '';
  for (const ch of text) {
    if (used + size(ch) > max) break;
    used += size(ch);
    kept += ch;
  }
  return kept + ELLIPSIS;
}
