/** The words the status page and its feed say for each status: status is told in text, never by colour alone. */
import type { ComponentStatus, IncidentStatus, IncidentView } from './types.js';

export const COMPONENT_STATUS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/** The banner of the page for its overall (worst) status. */
export const OVERALL_STATUS: Record<ComponentStatus, string> = {
  operational: 'All systems operational',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const INCIDENT_STATUS: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const IMPACT: Record<IncidentView['impact'], string> = {
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};
