/**
 * The status feed (spec §15) in Atom 1.0, written by the `feed` package: one entry per update of
 * the open and recently resolved incidents, newest first. Everything comes from the document (the
 * feed's <updated> is the document's, never the clock's), so the same document gives the same
 * bytes and an entry keeps its id (`urn:rota:update:<update id>`) from one fetch to the next.
 */
import { Feed } from 'feed';
import { escapeHtml } from './escape.js';
import { INCIDENT_STATUS } from './labels.js';
import { statusLinks } from './links.js';
import type { IncidentView, StatusDocument } from './types.js';

/**
 * `feed` accepts only absolute URLs (it parses each one): without a base URL the links are made
 * under this origin, which no real link has, and turned relative in the finished XML.
 */
const STAND_IN_ORIGIN = 'https://rota-relative.invalid';

/** Characters XML 1.0 forbids even escaped: one in a message would make the whole feed unreadable. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xmlText = (text: string) => text.replace(NOT_XML, '');

/** Plain text as the content of an Atom `type="html"` element (what `feed` writes): escaped, its line breaks kept. */
const htmlOf = (text: string) => escapeHtml(xmlText(text)).replace(/\r?\n/g, '<br>\n');

export function statusAtom(doc: StatusDocument): string {
  const links = statusLinks({ baseUrl: doc.baseUrl ?? STAND_IN_ORIGIN });
  const feed = new Feed({
    id: 'urn:rota:status',
    title: xmlText(doc.title),
    updated: new Date(doc.updatedAt),
    generator: 'Rota',
    link: links.page,
    ...(doc.baseUrl === null ? {} : { feedLinks: { atom: links.atom } }),
    // Atom wants an author for each entry; the feed's stands for all of them.
    author: { name: xmlText(doc.title) },
  });
  for (const { incident, update } of updatesNewestFirst([...doc.openIncidents, ...doc.resolvedIncidents])) {
    feed.addItem({
      id: `urn:rota:update:${update.id}`,
      title: htmlOf(`${incident.title}: ${INCIDENT_STATUS[update.status]}`),
      link: links.incident(incident.id),
      date: new Date(update.postedAt),
      content: htmlOf(update.message),
    });
  }
  const xml = feed.atom1();
  return doc.baseUrl === null ? xml.replaceAll(`href="${STAND_IN_ORIGIN}/`, 'href="/') : xml;
}

/** Every update of the incidents, newest first; ties in order of update id, so the order is the same each time. */
function updatesNewestFirst(incidents: readonly IncidentView[]) {
  return incidents
    .flatMap((incident) => incident.updates.map((update) => ({ incident, update })))
    .sort((a, b) => b.update.postedAt - a.update.postedAt || (a.update.id < b.update.id ? -1 : a.update.id > b.update.id ? 1 : 0));
}
