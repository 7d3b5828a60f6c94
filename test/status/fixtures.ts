/**
 * Status documents built by hand for the renderer tests: a realistic outage (10 components, 3 open
 * incidents of 10 updates each, 10 resolved ones) and a hostile one whose every text tries to
 * become markup or a script. Instants are fixed, in Europe/Berlin around the 2027 spring change.
 */
import type { ComponentStatus, IncidentStatus, IncidentView, StatusDocument } from '../../src/render/status/index.js';

export const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
/** When the realistic document was last changed: Mon 5 Apr 2027, 09:00 in Berlin. */
export const UPDATED_AT = at('2027-04-05T07:00:00Z');

const STATUSES: ComponentStatus[] = ['major_outage', 'partial_outage', 'degraded', 'operational'];
const STEPS: IncidentStatus[] = ['investigating', 'identified', 'monitoring'];
const MESSAGE =
  'We are still working with the hosting provider on the database failover. Listing search returns errors for about ' +
  'half of the requests; brokers can keep working through the alternatives listed below.\nWe will post again by the time shown.';

type Update = IncidentView['updates'][number];

/** `count` updates of incident `n`, newest first, an hour apart, the oldest at `start`. */
function updates(n: number, count: number, start: number, resolved: boolean): Update[] {
  return Array.from({ length: count }, (_, k): Update => {
    const last = k === count - 1;
    const status: IncidentStatus = resolved && last ? 'resolved' : STEPS[Math.min(k, STEPS.length - 1)]!;
    return {
      id: `upd-${n.toString(16).padStart(4, '0')}${k.toString(16).padStart(8, '0')}`,
      status,
      message: `Update ${k + 1}. ${MESSAGE}`,
      components: k === 0 ? { [`c${n % 10}`]: 'major_outage' } : {},
      // The newest update of incident n promises the next one n hours after the document's last change.
      nextUpdateBy: status === 'resolved' ? null : last ? UPDATED_AT + n * HOUR : start + (k + 1) * HOUR,
      postedAt: start + k * HOUR,
    };
  }).reverse();
}

function incident(n: number, count: number, start: number, resolved: boolean): IncidentView {
  const ups = updates(n, count, start, resolved);
  return {
    id: `inc-${n.toString(16).padStart(12, '0')}`,
    title: `Listing search errors (${n})`,
    status: ups[0]!.status,
    impact: (['minor', 'major', 'critical'] as const)[n % 3]!,
    createdAt: start,
    resolvedAt: resolved ? ups[0]!.postedAt : null,
    nextUpdateBy: ups[0]!.nextUpdateBy,
    components: { [`c${n % 10}`]: resolved ? 'operational' : STATUSES[n % 3]! },
    updates: ups,
  };
}

export function realisticDoc(overrides: Partial<StatusDocument> = {}): StatusDocument {
  const components = Array.from({ length: 10 }, (_, n) => ({
    id: `c${n}`,
    name: `Component ${n}: ${['Listing search', 'Forms', 'E-mail', 'Phones', 'Payments'][n % 5]}`,
    description: n % 2 === 0 ? 'What agents use every day to find and show homes.' : null,
    status: n < 3 ? STATUSES[n]! : ('operational' as const),
    alternatives:
      n < 3
        ? [
            { name: 'Your broker website', url: 'https://broker.example.com/search?from=status&kind=all', phone: null, note: 'Same listings, refreshed hourly.' },
            { name: 'Forms desk', url: null, phone: '+1 (555) 010-0100', note: 'Weekdays 8–18; weekends the coordinator on duty answers.' },
          ]
        : [],
  }));
  // Open incidents, newest first: their last updates 0, 5 and 10 hours before UPDATED_AT.
  const open = [1, 2, 3].map((n) => incident(n, 10, UPDATED_AT - (9 + (n - 1) * 5) * HOUR, false));
  const resolved = Array.from({ length: 10 }, (_, k) => incident(10 + k, 3, UPDATED_AT - (k + 2) * 24 * HOUR, true));
  return {
    title: 'Acme Realty status',
    // A long unbroken URL: it must wrap rather than widen a phone's screen.
    about:
      'This page is kept by the communications coordinator on duty.\nIt is also published at ' +
      'https://status.acme.example/mirrors/secondsite_without_rota_while_the_main_datacenter_is_down/index.html.',
    updatedAt: UPDATED_AT,
    overall: 'major_outage',
    components,
    openIncidents: open,
    resolvedIncidents: resolved,
    nextUpdateBy: Math.min(...open.map((i) => i.nextUpdateBy!)),
    coordinator: { name: 'Ann Example' },
    baseUrl: null,
    timeZone: 'Europe/Berlin',
    ...overrides,
  };
}

/** A text that becomes markup, a script or a broken attribute if anything is not escaped. */
export const EVIL = `<script>alert("x")</script><img src=x onerror=alert(1)> "'& ]]>`;

export function hostileDoc(): StatusDocument {
  return {
    title: `Status ${EVIL}`,
    about: `About ${EVIL}`,
    updatedAt: UPDATED_AT,
    overall: 'partial_outage',
    components: [
      {
        id: 'search',
        name: `Search ${EVIL}`,
        description: `Description ${EVIL}`,
        status: 'partial_outage',
        alternatives: [
          { name: `Script link ${EVIL}`, url: 'javascript:alert(1)', phone: null, note: `Note ${EVIL}` },
          { name: 'Data link', url: 'data:text/html,<script>alert(1)</script>', phone: null, note: null },
          { name: 'Quote link', url: 'https://ok.example/"onmouseover="alert(1)', phone: '555"><script>alert(1)</script>0100', note: null },
          { name: 'Relative link', url: '/not-absolute', phone: 'call the desk', note: null },
        ],
      },
    ],
    openIncidents: [
      {
        id: 'inc-0000000000aa',
        title: `Incident ${EVIL}`,
        status: 'investigating',
        impact: 'critical',
        createdAt: UPDATED_AT - HOUR,
        resolvedAt: null,
        nextUpdateBy: UPDATED_AT + HOUR,
        components: { search: 'partial_outage', [`gone ${EVIL}`]: 'major_outage' },
        updates: [
          // A control character is not allowed in XML even escaped; the feed must stay readable.
          { id: 'upd-0000000000aa', status: 'investigating', message: `Message ${EVIL}\u0001\nsecond line`, components: {}, nextUpdateBy: UPDATED_AT + HOUR, postedAt: UPDATED_AT - HOUR },
        ],
      },
    ],
    resolvedIncidents: [],
    nextUpdateBy: UPDATED_AT + HOUR,
    coordinator: { name: `Coordinator ${EVIL}` },
    baseUrl: null,
    timeZone: 'Europe/Berlin',
  };
}
