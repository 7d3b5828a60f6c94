import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, labelOf } from '../../lib/bulletin';
import type { ComponentStatus, Impact, IncidentStatus } from '../../lib/types';

/** A component's, an incident's or an impact's status as a coloured label (the colour is a class per value; the text says it too). */
export function StatusBadge(props: { component: ComponentStatus } | { incident: IncidentStatus } | { impact: Impact }) {
  const [kind, value, label] =
    'component' in props
      ? ['component', props.component, labelOf(COMPONENT_STATUSES, props.component)]
      : 'incident' in props
        ? ['incident', props.incident, labelOf(INCIDENT_STATUSES, props.incident)]
        : ['impact', props.impact, `${labelOf(IMPACTS, props.impact)} impact`];
  return <span className={`status status-${kind}-${value}`}>{label}</span>;
}
