/**
 * The status page's renderers (spec §15), pure: hand-built documents in, HTML, JSON and Atom out.
 * The HTML says everything the spec lists in the order a reader needs it, escapes every text of
 * people and links only http(s) URLs; the Atom feed is read back by an independent parser.
 */
import Parser from 'rss-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { statusAtom, statusHtml, statusJson, type StatusDocument } from '../../src/render/status/index.js';
import { at, EVIL, hostileDoc, realisticDoc, UPDATED_AT } from './fixtures.js';

/** A small document whose every field is known, for exact comparisons. */
function smallDoc(overrides: Partial<StatusDocument> = {}): StatusDocument {
  return {
    title: 'Status',
    about: null,
    updatedAt: at('2027-04-05T07:00:00Z'),
    overall: 'degraded',
    components: [{ id: 'mail', name: 'E-mail', description: null, status: 'degraded', alternatives: [{ name: 'Phone', url: null, phone: '555-0100', note: null }] }],
    openIncidents: [
      {
        id: 'inc-00000000000a',
        title: 'Slow mail',
        status: 'identified',
        impact: 'minor',
        createdAt: at('2027-04-05T06:00:00Z'),
        resolvedAt: null,
        nextUpdateBy: at('2027-04-05T08:00:00Z'),
        components: { mail: 'degraded' },
        updates: [
          { id: 'upd-00000000000b', status: 'identified', message: 'A full queue.', components: {}, nextUpdateBy: at('2027-04-05T08:00:00Z'), postedAt: at('2027-04-05T07:00:00Z') },
          { id: 'upd-00000000000a', status: 'investigating', message: 'Mail is slow.', components: { mail: 'degraded' }, nextUpdateBy: null, postedAt: at('2027-04-05T06:00:00Z') },
        ],
      },
    ],
    resolvedIncidents: [],
    nextUpdateBy: at('2027-04-05T08:00:00Z'),
    coordinator: null,
    baseUrl: null,
    timeZone: 'Europe/Berlin',
    ...overrides,
  };
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
const headingLevels = (html: string) => [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
/** The element with id `id` (an incident's article), as text. */
const article = (html: string, id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</article>', html.indexOf(`id="${id}"`)));

describe('statusHtml', () => {
  it('says everything the spec lists, in the order someone hit by the outage needs it', () => {
    const doc = realisticDoc();
    const html = statusHtml(doc);
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    for (const landmark of ['<header>', '<main>', '<footer>']) expect(html).toContain(landmark);
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Acme Realty status" href="feed.atom">');
    expect(html).not.toMatch(/<script/i);

    const order = [
      '<h1>Acme Realty status</h1>',
      '<p class="banner major_outage">Major outage</p>',
      '<h2 id="open">Open incidents</h2>',
      '<h2 id="meanwhile">Where to go meanwhile</h2>',
      '<strong>Next update by</strong> <time datetime="2027-04-05T08:00:00.000Z">Mon 5 Apr 2027, 10:00 (Europe/Berlin)</time>',
      '<strong>Communications coordinator on duty:</strong> Ann Example',
      '<h2 id="components">Components</h2>',
      '<h2 id="resolved">Resolved in the last 14 days</h2>',
      '<h2 id="about">About</h2>',
      '<a href="status.json">JSON</a>',
      '<a href="feed.atom">Atom feed</a>',
    ].map((marker) => {
      expect(html).toContain(marker);
      return html.indexOf(marker);
    });
    expect(order).toEqual([...order].sort((a, b) => a - b));

    // Headings go down one level at a time, under one h1.
    const levels = headingLevels(html);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    levels.forEach((level, k) => expect(level - (levels[k - 1] ?? 0)).toBeLessThanOrEqual(1));

    // Every incident is there under its id (the feed links there), its updates newest first, each with status, time and message.
    for (const incident of [...doc.openIncidents, ...doc.resolvedIncidents]) {
      const text = article(html, incident.id);
      expect(text).toContain(`<h3 id="${incident.id}-title">${incident.title}</h3>`);
      const updates = text.slice(text.indexOf('<ol class="updates">'));
      const positions = incident.updates.map((u) => updates.indexOf(`<time datetime="${new Date(u.postedAt).toISOString()}">`));
      expect(positions.every((p) => p > 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    const open = article(html, 'inc-000000000001');
    expect(open).toContain('<span class="badge monitoring">Monitoring</span> Major impact');
    expect(open).toContain('Affected: Component 1: Forms <span class="badge partial_outage">Partial outage</span>');
    expect(open).toContain('<p class="message">Update 10. We are still working');
    // The newest update shows; the nine before it are one click away (a <details>, no script).
    expect(open.indexOf('<details><summary>Earlier updates (9)</summary>')).toBeGreaterThan(open.indexOf('Update 10.'));
    expect(open.indexOf('<details><summary>Earlier updates (9)</summary>')).toBeLessThan(open.indexOf('Update 9.'));

    // Status in words next to every component, and the alternatives of those not operational, phones as tel: links.
    for (const c of doc.components) expect(html).toMatch(new RegExp(`<span class="name">${c.name}</span> <span class="badge ${c.status}">[A-Z]`));
    const meanwhile = html.slice(html.indexOf('id="meanwhile"'), html.indexOf('<div class="duty">'));
    expect(meanwhile.match(/<h3>/g)).toHaveLength(3);
    expect(meanwhile).toContain('<a href="https://broker.example.com/search?from=status&amp;kind=all">Your broker website</a>');
    expect(meanwhile).toContain('<a href="tel:+15550100100">+1 (555) 010-0100</a> · <span class="message">Weekdays 8–18;');
  });

  it('says all is well when it is, and leaves out what has nothing to say', () => {
    const html = statusHtml(
      smallDoc({
        overall: 'operational',
        components: [{ id: 'mail', name: 'E-mail', description: null, status: 'operational', alternatives: [{ name: 'Phone', url: null, phone: '555-0100', note: null }] }],
        openIncidents: [],
        nextUpdateBy: null,
        coordinator: null,
      }),
    );
    expect(html).toContain('<p class="banner operational">All systems operational</p>');
    expect(html).toContain('<title>Status: All systems operational</title>');
    for (const absent of ['Open incidents', 'Where to go meanwhile', 'Next update by', 'coordinator on duty', 'id="about"']) expect(html).not.toContain(absent);
    expect(html).toContain('<h2 id="resolved">Resolved in the last 14 days</h2>\n<p>No incidents.</p>');
  });

  it('stays under 50 KB for a realistic outage: 10 components, 3 open incidents of 10 updates, 10 resolved', () => {
    const bytes = Buffer.byteLength(statusHtml(realisticDoc()));
    expect(bytes).toBeGreaterThan(20_000); // the fixture really is that large
    expect(bytes).toBeLessThan(50_000);
  });

  it("shows times in the document's zone with the zone named, across both DST changes", () => {
    const stamps = ['2027-03-28T00:30:00Z', '2027-03-28T01:30:00Z', '2027-10-31T00:30:00Z', '2027-10-31T01:30:00Z'].map(at);
    const updates = stamps.map((postedAt, k) => ({ id: `upd-${k}`, status: 'monitoring' as const, message: 'x', components: {}, nextUpdateBy: null, postedAt })).reverse();
    const doc = smallDoc({ openIncidents: [{ ...smallDoc().openIncidents[0]!, updates }] });
    const html = statusHtml(doc);
    // Spring: 02:00 CET jumps to 03:00 CEST. Autumn: 02:30 happens twice, the instants tell them apart.
    expect(html).toContain('<time datetime="2027-03-28T00:30:00.000Z">Sun 28 Mar 2027, 01:30 (Europe/Berlin)</time>');
    expect(html).toContain('<time datetime="2027-03-28T01:30:00.000Z">Sun 28 Mar 2027, 03:30 (Europe/Berlin)</time>');
    expect(html).toContain('<time datetime="2027-10-31T00:30:00.000Z">Sun 31 Oct 2027, 02:30 (Europe/Berlin)</time>');
    expect(html).toContain('<time datetime="2027-10-31T01:30:00.000Z">Sun 31 Oct 2027, 02:30 (Europe/Berlin)</time>');
    expect(html).toContain('Times are shown in Europe/Berlin.');

    expect(statusHtml({ ...doc, timeZone: 'America/New_York' })).toContain('>Sat 27 Mar 2027, 20:30 (America/New_York)</time>');
    // A zone that is not one falls back to UTC rather than failing the page.
    expect(statusHtml({ ...doc, timeZone: 'Mars/Olympus' })).toContain('>Sun 28 Mar 2027, 00:30 (UTC)</time>');
  });

  it("escapes every text of people and links only http(s) URLs and phone digits", () => {
    const html = statusHtml(hostileDoc());
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;&#39;&amp; ]]&gt;';
    for (const text of ['Status', 'About', 'Search', 'Description', 'Note', 'Incident', 'Message', 'Coordinator', 'gone']) {
      expect(html, text).toContain(`${text} ${escaped}`);
    }
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).not.toContain(EVIL);
    for (const href of hrefs(html)) expect(href).toMatch(/^(status\.json|feed\.atom|https:\/\/ok\.example\/[^"<>\s]*|tel:\+?\d+)$/);
    expect(html).not.toMatch(/javascript:|data:text/);
    // The quote cannot end the attribute: the URL is written normalised, percent-encoded.
    expect(html).toContain('<a href="https://ok.example/%22onmouseover=%22alert(1)">Quote link</a>');
    // Names whose link was dropped still show, as text; a phone without digits too.
    expect(html).toContain('<strong>Script link ');
    expect(html).toContain('<strong>Relative link</strong> · call the desk');
    // The message keeps its line break (shown by white-space: pre-line).
    expect(html).toMatch(/<p class="message">Message [^<]*\nsecond line<\/p>/);
  });

  it('links its JSON and feed relative to itself, base URL or not: the exported folder works on any host', () => {
    const html = statusHtml(smallDoc({ baseUrl: 'https://status.acme.example/' }));
    expect(hrefs(html).filter((href) => !href.startsWith('tel:'))).toEqual(['feed.atom', 'status.json', 'status.json', 'feed.atom']);
  });
});

describe('statusJson', () => {
  it('is the document with ISO instants and without the base URL', () => {
    const doc = smallDoc({ baseUrl: 'https://status.acme.example', coordinator: { name: 'Ann' } });
    expect(statusJson(doc)).toEqual({
      title: 'Status',
      about: null,
      updatedAt: '2027-04-05T07:00:00.000Z',
      overall: 'degraded',
      components: [{ id: 'mail', name: 'E-mail', description: null, status: 'degraded', alternatives: [{ name: 'Phone', url: null, phone: '555-0100', note: null }] }],
      openIncidents: [
        {
          id: 'inc-00000000000a',
          title: 'Slow mail',
          status: 'identified',
          impact: 'minor',
          createdAt: '2027-04-05T06:00:00.000Z',
          resolvedAt: null,
          nextUpdateBy: '2027-04-05T08:00:00.000Z',
          components: { mail: 'degraded' },
          updates: [
            { id: 'upd-00000000000b', status: 'identified', message: 'A full queue.', components: {}, nextUpdateBy: '2027-04-05T08:00:00.000Z', postedAt: '2027-04-05T07:00:00.000Z' },
            { id: 'upd-00000000000a', status: 'investigating', message: 'Mail is slow.', components: { mail: 'degraded' }, nextUpdateBy: null, postedAt: '2027-04-05T06:00:00.000Z' },
          ],
        },
      ],
      resolvedIncidents: [],
      nextUpdateBy: '2027-04-05T08:00:00.000Z',
      coordinator: { name: 'Ann' },
      timeZone: 'Europe/Berlin',
    });
  });

  it('copies only the fields of the document, not whatever else the objects a service built carry', () => {
    const doc = smallDoc();
    const component = { ...doc.components[0]!, createdBy: 'admin@example.com' };
    const update = { ...doc.openIncidents[0]!.updates[0]!, postedBy: 'Ann' };
    const leaky = { ...doc, components: [component], openIncidents: [{ ...doc.openIncidents[0]!, updates: [update] }] };
    const text = JSON.stringify(statusJson(leaky));
    expect(text).not.toContain('createdBy');
    expect(text).not.toContain('postedBy');
  });
});

describe('statusAtom', () => {
  const parser = new Parser();

  afterEach(() => {
    vi.useRealTimers();
  });

  it('has one entry per update of the open and resolved incidents, newest first, read back by rss-parser', async () => {
    const doc = realisticDoc();
    const feed = await parser.parseString(statusAtom(doc));
    expect(feed.title).toBe('Acme Realty status');
    expect((feed as { lastBuildDate?: string }).lastBuildDate).toBe(new Date(UPDATED_AT).toISOString());
    expect(feed.link).toBe('/status');

    const updates = [...doc.openIncidents, ...doc.resolvedIncidents].flatMap((i) => i.updates.map((u) => ({ i, u })));
    expect(feed.items).toHaveLength(60);
    expect(new Set(feed.items.map((item) => (item as { id?: string }).id))).toEqual(new Set(updates.map(({ u }) => `urn:rota:update:${u.id}`)));
    const times = feed.items.map((item) => Date.parse(item.pubDate!));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const newest = feed.items[0]!;
    const { i, u } = updates.find(({ u }) => `urn:rota:update:${u.id}` === (newest as { id?: string }).id)!;
    expect(newest.title).toBe(`${i.title}: Monitoring`);
    expect(newest.link).toBe(`/status#${i.id}`);
    expect(newest.pubDate).toBe(new Date(u.postedAt).toISOString());
    expect(newest.content).toBe(`Update 10. ${u.message.slice('Update 10. '.length).replace('\n', '<br>\n')}`);
    expect(feed.items.filter((item) => item.title!.endsWith(': Resolved'))).toHaveLength(10);
  });

  it('gives the same bytes for the same document whatever the clock says, and keeps entry ids when an update is added', () => {
    const doc = realisticDoc();
    const first = statusAtom(doc);
    vi.useFakeTimers({ now: at('2031-01-01T00:00:00Z') });
    expect(statusAtom(doc)).toBe(first);

    const [incident, ...rest] = doc.openIncidents;
    const added = { id: 'upd-ffffffffffff', status: 'resolved' as const, message: 'Fixed.', components: {}, nextUpdateBy: null, postedAt: UPDATED_AT + 1 };
    const later = statusAtom({ ...doc, updatedAt: UPDATED_AT + 1, openIncidents: [{ ...incident!, updates: [added, ...incident!.updates] }, ...rest] });
    const ids = (xml: string) => [...xml.matchAll(/<id>(urn:rota:update:[^<]+)<\/id>/g)].map((m) => m[1]);
    expect(ids(later)).toEqual(['urn:rota:update:upd-ffffffffffff', ...ids(first)]);
  });

  it('links under the base URL with a self link when there is one, relative links without', async () => {
    const xml = statusAtom(smallDoc({ baseUrl: 'https://status.acme.example' }));
    expect(xml).toContain('<link rel="self" href="https://status.acme.example/status/feed.atom"/>');
    const withBase = await parser.parseString(xml);
    expect(withBase.link).toBe('https://status.acme.example/status');
    expect(withBase.items.map((item) => item.link)).toEqual(['https://status.acme.example/status#inc-00000000000a', 'https://status.acme.example/status#inc-00000000000a']);
    const relative = statusAtom(smallDoc());
    expect(relative).not.toContain('rel="self"');
    expect(relative).not.toContain('.invalid');
  });

  it('escapes hostile titles and messages into readable XML', async () => {
    const xml = statusAtom(hostileDoc());
    const feed = await parser.parseString(xml);
    expect(feed.title).toBe(`Status ${EVIL}`);
    const [item] = feed.items;
    // type="html": the HTML of the text, so a reader shows the text and runs nothing.
    expect(item!.title).toBe('Incident &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;&#39;&amp; ]]&gt;: Investigating');
    expect(item!.content).toBe('Message &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;&#39;&amp; ]]&gt;<br>\nsecond line');
    expect(xml).not.toContain('\u0001');
  });
});
