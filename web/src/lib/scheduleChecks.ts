/**
 * The checks the editor makes before asking the server: what a person can fix without a round
 * trip, worded for the form. The server's validation (through the live preview and the save)
 * stays the judge of everything else.
 */
import { isValidZone } from './scheduleDoc';
import { SLUG } from './slug';
import type { FieldError, Problem, Schedule } from './types';

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

function idProblem(id: string, what: string): string | null {
  if (!id) return `Enter ${what}`;
  return SLUG.test(id) ? null : 'Use lower-case letters, digits and dashes, starting with a letter or digit (e.g. comms-team)';
}

/** The document's problems, each at the JSON pointer of the field that fixes it. */
export function scheduleProblems(doc: Schedule): FieldError[] {
  const problems: FieldError[] = [];
  const check = (path: string, message: string | null) => message && problems.push({ path, message });
  check('/id', idProblem(doc.id, 'an id'));
  check('/name', doc.name.trim() ? null : 'Enter a name');
  check('/timeZone', isValidZone(doc.timeZone) ? null : 'Choose a time zone from the list, e.g. Europe/Berlin');
  doc.layers.forEach((layer, i) => {
    const path = `/layers/${i}`;
    check(`${path}/id`, idProblem(layer.id, 'a layer id'));
    // Spec §4 skips a layer without participants: it would cover nothing, so say so instead.
    check(`${path}/participants`, layer.participants.length ? null : 'Add at least one participant');
    check(`${path}/rotation/start`, LOCAL_DATE_TIME.test(layer.rotation.start) ? null : 'Enter the date and time of the first handoff');
  });
  return problems;
}

/** The value at a JSON pointer ("/layers/0/id") of a document, undefined when it has none. */
function valueAt(doc: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
}

/** A server's verdict on a document: its problem, and the document it judged. */
export interface Verdict {
  problem: Problem;
  judged: unknown;
}

/**
 * The verdict's errors that still stand for `doc`: those whose field holds the value the server
 * judged. An error vanishes as soon as its field changes; the next verdict judges it again.
 */
export function standingErrors(verdict: Verdict | null, doc: unknown): FieldError[] {
  if (!verdict) return [];
  const same = (path: string) => JSON.stringify(valueAt(verdict.judged, path)) === JSON.stringify(valueAt(doc, path));
  return (verdict.problem.errors ?? []).filter((e) => same(e.path));
}
