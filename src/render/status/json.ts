/**
 * The status document as /status.json serves it (spec §15): the document's fields with every
 * instant an ISO UTC string with milliseconds (§1). `baseUrl` is left out: it is where the page
 * is published, not part of what it says. Fields are copied one by one, so whatever else the
 * objects a service built carry never reaches the public.
 */
import { toIso } from '../wire.js';
import type { IncidentView, StatusDocument } from './types.js';

export type StatusIncidentJson = Omit<IncidentView, 'createdAt' | 'resolvedAt' | 'nextUpdateBy' | 'updates'> & {
  createdAt: string;
  resolvedAt: string | null;
  nextUpdateBy: string | null;
  updates: (Omit<IncidentView['updates'][number], 'nextUpdateBy' | 'postedAt'> & { nextUpdateBy: string | null; postedAt: string })[];
};

export type StatusJson = Omit<StatusDocument, 'baseUrl' | 'updatedAt' | 'nextUpdateBy' | 'openIncidents' | 'resolvedIncidents'> & {
  updatedAt: string;
  nextUpdateBy: string | null;
  openIncidents: StatusIncidentJson[];
  resolvedIncidents: StatusIncidentJson[];
};

export function statusJson(doc: StatusDocument): StatusJson {
  return {
    title: doc.title,
    about: doc.about,
    updatedAt: toIso(doc.updatedAt),
    overall: doc.overall,
    components: doc.components.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      status: c.status,
      alternatives: c.alternatives.map((a) => ({ name: a.name, url: a.url, phone: a.phone, note: a.note })),
    })),
    openIncidents: doc.openIncidents.map(incidentJson),
    resolvedIncidents: doc.resolvedIncidents.map(incidentJson),
    nextUpdateBy: toIso(doc.nextUpdateBy),
    coordinator: doc.coordinator,
    timeZone: doc.timeZone,
  };
}

function incidentJson(i: IncidentView): StatusIncidentJson {
  return {
    id: i.id,
    title: i.title,
    status: i.status,
    impact: i.impact,
    createdAt: toIso(i.createdAt),
    resolvedAt: toIso(i.resolvedAt),
    nextUpdateBy: toIso(i.nextUpdateBy),
    components: i.components,
    updates: i.updates.map((u) => ({
      id: u.id,
      status: u.status,
      message: u.message,
      components: u.components,
      nextUpdateBy: toIso(u.nextUpdateBy),
      postedAt: toIso(u.postedAt),
    })),
  };
}
