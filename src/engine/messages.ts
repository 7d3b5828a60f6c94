/**
 * Wording shared by the engine's validator and the API's schema messages
 * (src/http/validation-messages.ts), so a field reads the same whichever check refused it: a
 * sentence saying what to write, about the field its path names.
 */

export const REQUIRED = 'Fill this in: it is required';

/** What an id (a slug, spec §1) may hold; callers add an example. */
export const SLUG_ADVICE = 'Use lower-case letters, digits and dashes, starting with a letter or digit (at most 63 characters)';

/** "Use one of: MO, TU, … (case matters)", or "Use window" for a single value. */
export function useOneOf(values: readonly unknown[]): string {
  const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  if (values.length === 1) return `Use ${show(values[0])}`;
  // "mo" for "MO" is the usual slip: say that the spelling is exact.
  const caseMatters = values.some((v) => typeof v === 'string' && /[a-z]/i.test(v));
  return `Use one of: ${values.map(show).join(', ')}${caseMatters ? ' (case matters)' : ''}`;
}

/** Beside a time-zone field holding `zone`, which isValidZone refused (schedules and people alike). */
export function unknownZoneMessage(zone: string): string {
  const advice = 'Use an IANA time zone name, like Europe/Berlin or America/New_York';
  return zone.trim() === '' ? advice : `${advice}: "${zone}" is not one`;
}
