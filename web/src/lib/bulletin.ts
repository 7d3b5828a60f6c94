/** The outage bulletin in the web app (spec §15): what each status is called, and the "next update by" quick picks. */
import type { ComponentStatus, Impact, IncidentStatus } from './types';

export interface Choice<V extends string> {
  value: V;
  label: string;
}

export const COMPONENT_STATUSES: Choice<ComponentStatus>[] = [
  { value: 'operational', label: 'Operational' },
  { value: 'degraded', label: 'Degraded' },
  { value: 'partial_outage', label: 'Partial outage' },
  { value: 'major_outage', label: 'Major outage' },
];

export const INCIDENT_STATUSES: Choice<IncidentStatus>[] = [
  { value: 'investigating', label: 'Investigating' },
  { value: 'identified', label: 'Identified' },
  { value: 'monitoring', label: 'Monitoring' },
  { value: 'resolved', label: 'Resolved' },
];

export const IMPACTS: Choice<Impact>[] = [
  { value: 'minor', label: 'Minor' },
  { value: 'major', label: 'Major' },
  { value: 'critical', label: 'Critical' },
];

export function labelOf<V extends string>(choices: Choice<V>[], value: V): string {
  return choices.find((c) => c.value === value)?.label ?? value;
}

/** "Next update by" as the coordinator picks it on a phone: minutes from the moment of posting, or none. */
export type NextUpdatePick = '30' | '60' | '120' | 'none';

export const NEXT_UPDATE_PICKS: Choice<NextUpdatePick>[] = [
  { value: '30', label: '+30 min' },
  { value: '60', label: '+1 h' },
  { value: '120', label: '+2 h' },
  { value: 'none', label: 'None' },
];

/** The instant a pick names, counted from `now` (epoch ms); undefined for "none". */
export function nextUpdateAt(pick: NextUpdatePick, now: number): string | undefined {
  return pick === 'none' ? undefined : new Date(now + Number(pick) * 60_000).toISOString();
}

/** The page's zone: the coordinator schedule's, as on the public status page (UTC when none is set). */
export function bulletinZone(coordinatorSchedule: string | null | undefined, schedules: { id: string; timeZone: string }[] | undefined): string {
  return schedules?.find((s) => s.id === coordinatorSchedule)?.timeZone ?? 'UTC';
}
