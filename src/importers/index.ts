/**
 * The source mappers by source (spec §16): the one table the import service and the CLI read.
 */
import { fromGoalert } from './goalert.js';
import { fromGrafanaOncall } from './grafana-oncall.js';
import { fromOpsgenie } from './opsgenie.js';
import { fromPagerDuty } from './pagerduty.js';
import type { Source, SourceMapper } from './types.js';

export * from './types.js';
export { slugOf, uniqueSlugs } from './ids.js';

export const MAPPERS: Record<Source, SourceMapper> = {
  pagerduty: fromPagerDuty,
  opsgenie: fromOpsgenie,
  'grafana-oncall': fromGrafanaOncall,
  goalert: fromGoalert,
};

export function isSource(name: string): name is Source {
  return Object.hasOwn(MAPPERS, name);
}
