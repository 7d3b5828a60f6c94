/**
 * The source mappers by source (spec §16): the one table the import service and the CLI read.
 * A source whose mapper has not landed yet answers every document with a 400 saying so.
 */
import { fromOpsgenie } from './opsgenie.js';
import { fromPagerDuty } from './pagerduty.js';
import { SourceDocumentError, type Source, type SourceMapper } from './types.js';

export * from './types.js';
export { slugOf, uniqueSlugs } from './ids.js';

/** Placeholder until the source's mapper is merged: every document is refused, with why. */
const notSupportedYet: SourceMapper = () => {
  throw new SourceDocumentError([{ path: '', message: 'not supported yet' }]);
};

export const MAPPERS: Record<Source, SourceMapper> = {
  pagerduty: fromPagerDuty,
  opsgenie: fromOpsgenie,
  'grafana-oncall': notSupportedYet,
  goalert: notSupportedYet,
};

export function isSource(name: string): name is Source {
  return Object.hasOwn(MAPPERS, name);
}
