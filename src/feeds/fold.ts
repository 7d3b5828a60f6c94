/**
 * RFC 5545 §3.1 line folding: content lines longer than 75 octets continue on lines that start
 * with a space, and a fold never splits a UTF-8 sequence. ical-generator exports a folder too,
 * but it UTF-8-encodes every character separately (~3 ms per KiB); feeds are 50–150 KiB and
 * mostly ASCII, so ASCII lines take a slicing fast path here.
 */
const MAX_OCTETS = 75;
const ASCII = /^[\x00-\x7f]*$/;

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

function foldLine(line: string): string {
  if (ASCII.test(line)) {
    if (line.length <= MAX_OCTETS) return line;
    const parts = [line.slice(0, MAX_OCTETS)];
    // Continuation lines: one octet of leading space, then up to 74 of content.
    for (let i = MAX_OCTETS; i < line.length; i += MAX_OCTETS - 1) parts.push(line.slice(i, i + MAX_OCTETS - 1));
    return parts.join('\r\n ');
  }
  let out = '';
  let used = 0;
  for (const char of line) {
    const octets = utf8Length(char.codePointAt(0)!);
    if (used + octets > MAX_OCTETS) {
      out += '\r\n ';
      used = 1;
    }
    out += char;
    used += octets;
  }
  return out;
}

/** Folds every CRLF-separated line of `text`. */
export function foldLines(text: string): string {
  return text.split('\r\n').map(foldLine).join('\r\n');
}
