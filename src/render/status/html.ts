/**
 * The public status page (spec §15) as one server-rendered HTML5 document: complete without
 * JavaScript (it has none), its style inline (the app's CSP allows inline styles, nothing from
 * elsewhere), small (a few KB of style; the rest is the document's own text). Read top to bottom
 * in the order someone hit by an outage needs it: the overall state, what is open and what was
 * said last, where to go meanwhile, when to hear more and from whom, then every component, the
 * last 14 days and the links to the machine-readable forms.
 */
import { escapeHtml as esc } from './escape.js';
import { COMPONENT_STATUS, IMPACT, INCIDENT_STATUS, OVERALL_STATUS } from './labels.js';
import { pageLinks, telHref, webHref } from './links.js';
import { statusTimes, type StatusTimes } from './times.js';
import type { ComponentStatus, IncidentView, StatusDocument } from './types.js';

type Component = StatusDocument['components'][number];
type Alternative = Component['alternatives'][number];

/**
 * Colours back the words, never replace them; each passes WCAG AA (4.5:1) with white text.
 * `overflow-wrap: anywhere` keeps a long URL or word in a message from widening a 390 px screen.
 */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff;overflow-wrap:anywhere}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.5rem;margin:1.25rem 0 .75rem}
h2{font-size:1.2rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid #d0d7de}
h3{font-size:1.05rem;margin:0 0 .25rem}
p{margin:.25rem 0}
a{color:#0550ae}
.banner{margin:0 0 .5rem;padding:.75rem 1rem;border-radius:.5rem;font-size:1.25rem;font-weight:600;color:#fff}
.muted,time{color:#57606a}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.875rem;font-weight:600;color:#fff;white-space:nowrap}
.operational,.resolved{background:#1a7f37}
.degraded{background:#9a6700}
.partial_outage,.identified{background:#bc4c00}
.major_outage,.investigating{background:#b42318}
.monitoring{background:#0969da}
.incident{margin:0 0 1rem;padding:.75rem 1rem;border:1px solid #d0d7de;border-radius:.5rem}
ol,ul{list-style:none;margin:.5rem 0 0;padding:0}
.updates li{margin:.5rem 0 0;padding:.5rem 0 0;border-top:1px solid #eaeef2}
.message{white-space:pre-line}
summary{margin:.5rem 0 0;color:#0550ae;cursor:pointer}
.components li,.alternatives li{display:flex;flex-wrap:wrap;gap:0 .5rem;align-items:baseline;padding:.4rem 0;border-bottom:1px solid #eaeef2}
.components .name{flex:1 1 12rem;font-weight:600}
.components .muted{flex-basis:100%}
.alternatives{margin:0 0 1.25rem}
.duty{margin:1.5rem 0 0;padding:.75rem 1rem;background:#f6f8fa;border-radius:.5rem}
footer{margin-top:2rem;padding-bottom:2rem;border-top:1px solid #d0d7de}
`;

export function statusHtml(doc: StatusDocument): string {
  const times = statusTimes(doc.timeZone);
  const links = pageLinks;
  const time = (ms: number) => `<time datetime="${new Date(ms).toISOString()}">${esc(times.format(ms))}</time>`;
  const names = new Map(doc.components.map((c) => [c.id, c.name]));
  const main = [
    openIncidents(doc.openIncidents, time, names),
    meanwhile(doc.components),
    duty(doc, time),
    componentList(doc.components),
    resolvedIncidents(doc.resolvedIncidents, time, names),
    doc.about ? `<section aria-labelledby="about"><h2 id="about">About</h2><p class="message">${esc(doc.about)}</p></section>` : '',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${doc.title}: ${OVERALL_STATUS[doc.overall]}`)}</title>
<link rel="alternate" type="application/atom+xml" title="${esc(doc.title)}" href="${esc(links.atom)}">
<link rel="alternate" type="application/json" href="${esc(links.json)}">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(doc.title)}</h1>
<p class="banner ${doc.overall}">${OVERALL_STATUS[doc.overall]}</p>
<p class="muted">Last updated ${time(doc.updatedAt)}</p>
</header>
<main>
${main.filter((part) => part !== '').join('\n')}
</main>
<footer>
<p>Times are shown in ${esc(times.zone)}. Also as <a href="${esc(links.json)}">JSON</a> and as an <a href="${esc(links.atom)}">Atom feed</a>.</p>
</footer>
</body>
</html>
`;
}

type TimeHtml = (ms: number) => string;

const badge = (cls: string, text: string) => `<span class="badge ${cls}">${text}</span>`;
const componentBadge = (status: ComponentStatus) => badge(status, COMPONENT_STATUS[status]);

function openIncidents(incidents: readonly IncidentView[], time: TimeHtml, names: ReadonlyMap<string, string>): string {
  if (incidents.length === 0) return '';
  return `<section aria-labelledby="open"><h2 id="open">Open incidents</h2>
${incidents.map((i) => incident(i, `Started ${time(i.createdAt)}`, time, names)).join('\n')}
</section>`;
}

function resolvedIncidents(incidents: readonly IncidentView[], time: TimeHtml, names: ReadonlyMap<string, string>): string {
  const body =
    incidents.length === 0
      ? '<p>No incidents.</p>'
      : incidents.map((i) => incident(i, `Started ${time(i.createdAt)}${i.resolvedAt === null ? '' : `, resolved ${time(i.resolvedAt)}`}`, time, names)).join('\n');
  return `<section aria-labelledby="resolved"><h2 id="resolved">Resolved in the last 14 days</h2>
${body}
</section>`;
}

/**
 * An incident with its updates, newest first; its element id is the incident's (the feed's entries
 * link there). The newest update shows; the earlier ones wait in a <details> (which opens without
 * JavaScript), so three long incidents do not push where to go and when to hear more off the screen.
 */
function incident(i: IncidentView, when: string, time: TimeHtml, names: ReadonlyMap<string, string>): string {
  const affected = Object.entries(i.components).map(([id, status]) => `${esc(names.get(id) ?? id)} ${componentBadge(status)}`);
  const [newest, ...earlier] = i.updates.map(
    (u) => `<li><p>${badge(u.status, INCIDENT_STATUS[u.status])} ${time(u.postedAt)}</p><p class="message">${esc(u.message)}</p></li>`,
  );
  return `<article class="incident" id="${esc(i.id)}" aria-labelledby="${esc(i.id)}-title">
<h3 id="${esc(i.id)}-title">${esc(i.title)}</h3>
<p>${badge(i.status, INCIDENT_STATUS[i.status])} ${IMPACT[i.impact]} · <span class="muted">${when}</span></p>
${affected.length > 0 ? `<p>Affected: ${affected.join(', ')}</p>\n` : ''}${newest ? `<ol class="updates">\n${newest}\n</ol>\n` : ''}${
    earlier.length > 0 ? `<details><summary>Earlier updates (${earlier.length})</summary><ol class="updates">\n${earlier.join('\n')}\n</ol></details>\n` : ''
  }</article>`;
}

/** What still works, for every component not operational that lists somewhere else to go. */
function meanwhile(components: readonly Component[]): string {
  const down = components.filter((c) => c.status !== 'operational' && c.alternatives.length > 0);
  if (down.length === 0) return '';
  const blocks = down.map(
    (c) => `<h3>${esc(c.name)} ${componentBadge(c.status)}</h3>
<ul class="alternatives">
${c.alternatives.map((a) => `<li>${alternative(a)}</li>`).join('\n')}
</ul>`,
  );
  return `<section aria-labelledby="meanwhile"><h2 id="meanwhile">Where to go meanwhile</h2>
${blocks.join('\n')}
</section>`;
}

function alternative(a: Alternative): string {
  const url = webHref(a.url);
  const tel = telHref(a.phone);
  const parts = [url ? `<a href="${esc(url)}">${esc(a.name)}</a>` : `<strong>${esc(a.name)}</strong>`];
  if (a.phone) parts.push(tel ? `<a href="${esc(tel)}">${esc(a.phone)}</a>` : esc(a.phone));
  if (a.note) parts.push(`<span class="message">${esc(a.note)}</span>`);
  return parts.join(' · ');
}

/** When the next word is due and who gives it. */
function duty(doc: StatusDocument, time: TimeHtml): string {
  const lines = [];
  if (doc.nextUpdateBy !== null) lines.push(`<p><strong>Next update by</strong> ${time(doc.nextUpdateBy)}</p>`);
  if (doc.coordinator) lines.push(`<p><strong>Communications coordinator on duty:</strong> ${esc(doc.coordinator.name)}</p>`);
  return lines.length === 0 ? '' : `<div class="duty">\n${lines.join('\n')}\n</div>`;
}

function componentList(components: readonly Component[]): string {
  const body =
    components.length === 0
      ? '<p>No components are listed.</p>'
      : `<ul class="components">
${components
  .map((c) => `<li><span class="name">${esc(c.name)}</span> ${componentBadge(c.status)}${c.description ? `<span class="muted">${esc(c.description)}</span>` : ''}</li>`)
  .join('\n')}
</ul>`;
  return `<section aria-labelledby="components"><h2 id="components">Components</h2>
${body}
</section>`;
}
