/**
 * Two versions of the static status files, large enough (256 KB each) that a write in place
 * could be caught half done, each file whole only when it equals one of them.
 */
import type { StatusFiles } from '../../src/delivery/status-files.js';

const SIZE = 256 * 1024;

export function statusVersion(v: number): StatusFiles {
  const body = (name: string) => `<${name} version ${v}>`.padEnd(SIZE - 20, String.fromCharCode(97 + v)) + `</${name} v${v}>\n`;
  return { 'index.html': body('index.html'), 'status.json': body('status.json'), 'feed.atom': body('feed.atom') };
}
