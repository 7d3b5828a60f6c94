/** Rota's schedule engine: pure functions from schedule documents to timelines (spec §4, §6, §7). */
export type * from './types.js';
export { compileSchedule, calendarsOf, peopleOf } from './compile.js';
export type { CompiledSchedule, CompiledLayer } from './compile.js';
export { validateSchedule } from './validate.js';
export { MAX_RULE_LENGTH } from './recurrence/index.js';
export { isValidZone, FIRST_YEAR, LAST_YEAR, RANGE_START, RANGE_END } from './localtime.js';
export type { KnownIds } from './validate.js';
export { computeTimeline, shiftAt, computeLayerTimelines, SHIFT_HORIZON } from './timeline.js';
export { MAX_LAYER_ASSIGNMENTS, TimelineTooLargeError } from './budget.js';
export type { TimelineInput, AtShift, LayerTimeline } from './timeline.js';
export { computeCoverage } from './coverage.js';
export type { Coverage, CoverageOptions, PersonLoad } from './coverage.js';
export type { Interval } from './intervals.js';
export { versionsInForce, versionAt, nextVersion, currentAndPending, versionSpans } from './versions.js';
export type { Saved, VersionSpan } from './versions.js';
export { stretchesOf, handoffsIn, remindersIn, changedShifts, newGaps, nextDue } from './notices.js';
export type { Stretch, Handoff, ShiftChange } from './notices.js';
export { REQUIRED, SLUG_ADVICE, unknownZoneMessage, useOneOf } from './messages.js';
