/**
 * Where the status page's links point, and which links of people's text become hrefs. Only
 * http and https URLs are linked (a `javascript:` or `data:` URL in an alternative would run in
 * the page of whoever clicks it); a phone number becomes a tel: link of its digits.
 */
import type { StatusDocument } from './types.js';

export interface StatusLinks {
  page: string;
  json: string;
  atom: string;
  /** The page's section of an incident (the Atom entries link there). */
  incident(id: string): string;
}

/** Absolute under the document's base URL when it has one, else relative to the site's root. */
export function statusLinks(doc: Pick<StatusDocument, 'baseUrl'>): StatusLinks {
  const base = (doc.baseUrl ?? '').replace(/\/+$/, '');
  return {
    page: `${base}/status`,
    json: `${base}/status.json`,
    atom: `${base}/status/feed.atom`,
    incident: (id) => `${base}/status#${encodeURIComponent(id)}`,
  };
}

/**
 * The page's links to its JSON and its feed: relative to the page, so the one HTML works where
 * Rota serves it (/status beside /status.json and /feed.atom) and in the exported folder (beside
 * status.json and feed.atom) on any host — even when Rota's own host is down.
 */
export const pageLinks = { json: 'status.json', atom: 'feed.atom' } as const;

/** The URL, normalised, when it is an absolute http or https URL; otherwise null (not linked). */
export function webHref(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

/** tel: with the number's digits (and its leading +), or null when it has no digit. */
export function telHref(phone: string | null): string | null {
  const digits = phone?.replace(/[^\d]/g, '') ?? '';
  if (digits === '') return null;
  return `tel:${phone!.trim().startsWith('+') ? '+' : ''}${digits}`;
}
