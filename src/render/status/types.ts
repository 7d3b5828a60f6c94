/**
 * The public status document (spec §15): what /status, /status.json and /status/feed.atom render,
 * and the static export writes. The services build it; the renderers beside this file turn it
 * into bytes without a clock, so the same document always gives the same bytes.
 */
export type ComponentStatus = 'operational' | 'degraded' | 'partial_outage' | 'major_outage';
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export interface StatusDocument {
  title: string; about: string | null;
  /** Instant of the last change the page shows (for Last-Modified and Atom <updated>); epoch ms. */
  updatedAt: number;
  /** The worst effective status of any component ('operational' when none). */
  overall: ComponentStatus;
  components: { id: string; name: string; description: string | null; status: ComponentStatus;
                alternatives: { name: string; url: string | null; phone: string | null; note: string | null }[] }[];
  openIncidents: IncidentView[];     // newest first (by createdAt)
  resolvedIncidents: IncidentView[]; // resolved within the last 14 days, newest first (by resolvedAt)
  /** The earliest nextUpdateBy of the open incidents (of each one's newest update), or null. */
  nextUpdateBy: number | null;
  /** The coordinator on duty (name only), or null when not shown / nobody / no schedule set. */
  coordinator: { name: string } | null;
  /** Absolute base URL for links (ROTA_PUBLIC_URL) or null: links are then relative. */
  baseUrl: string | null;
  /** IANA zone the page shows times in: the coordinator schedule's (UTC when none). */
  timeZone: string;
}
export interface IncidentView { id: string; title: string; status: IncidentStatus; impact: 'minor'|'major'|'critical';
  createdAt: number; resolvedAt: number | null; nextUpdateBy: number | null;
  components: Record<string, ComponentStatus>;
  updates: { id: string; status: IncidentStatus; message: string; components: Record<string, ComponentStatus>; nextUpdateBy: number | null; postedAt: number }[]; // newest first
}
