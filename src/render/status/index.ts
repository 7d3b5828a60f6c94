/** The public status page's renderers (spec §15): pure functions from a StatusDocument to HTML, JSON and Atom. */
export type { ComponentStatus, IncidentStatus, IncidentView, StatusDocument } from './types.js';
export { statusHtml } from './html.js';
export { statusJson, type StatusIncidentJson, type StatusJson } from './json.js';
export { statusAtom } from './atom.js';
