/**
 * Ajv's schema errors as `errors: [{path, message}]` a person can act on: "Add at least 1 target"
 * rather than "must NOT have fewer than 1 items", "Use one of: MO, TU, … (case matters)" rather
 * than "must be equal to one of the allowed values". The web app shows each message beside the
 * field its path names, so a message speaks about that field and never repeats the path.
 *
 * A union fails once, not once per branch: Ajv reports every branch's error and then "must match
 * a schema in anyOf" — a role of "boss" came back as three errors, none naming admin or viewer.
 * The validators run with `verbose` so that a union's error carries its branches (`schema`) and a
 * pattern's error its field's examples (`parentSchema`).
 */
import type { ErrorObject } from 'ajv';
import { REQUIRED, SLUG_ADVICE, useOneOf } from '../engine/index.js';
import type { FieldProblem } from '../errors.js';
import { SLUG_PATTERN } from '../schemas/common.js';

/** What a value of each JSON type is called in a message. */
const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

/** The patterns request schemas use, described; any other is quoted. */
const PATTERNS: Record<string, string> = {
  [SLUG_PATTERN]: SLUG_ADVICE,
  '^\\d{4}-\\d{2}-\\d{2}$': 'Use a date written YYYY-MM-DD',
  '^https?://': 'Use a web address starting with https:// or http://',
};

const FORMATS: Record<string, string> = {
  'date-time': 'Use a date and time with Z or an offset, like 2027-03-28T22:00:00Z',
  date: 'Use a date written YYYY-MM-DD, like 2027-12-24',
  email: 'Use an email address, like alice@example.com',
  uri: 'Use a full web address, like https://example.com',
};

function typeNames(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t: string) => TYPE_NAMES[t] ?? t).join(' or ');
}

/**
 * "targets" → 1 target / 3 targets, "calendarDates" → calendar dates: the items of the list at
 * `path`, named after the list. A name that is not a plural ("weekly") counts "items".
 */
function countOf(path: string, n: number): string {
  const words = (path.split('/').pop() ?? '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const plural = /[a-z]s$/.test(words) && !words.endsWith('ss') ? words : 'items';
  if (n !== 1) return `${n} ${plural}`;
  const singular = plural.endsWith('ies') ? `${plural.slice(0, -3)}y` : plural.endsWith('sses') ? plural.slice(0, -2) : plural.slice(0, -1);
  return `1 ${singular}`;
}

function patternSentence(pattern: string, parentSchema: ErrorObject['parentSchema']): string {
  const example = (parentSchema?.examples as unknown[] | undefined)?.[0];
  const described = PATTERNS[pattern] ?? `Use text of the form ${pattern}`;
  return typeof example === 'string' ? `${described}, like ${example}` : described;
}

function comparisonSentence(comparison: string, limit: unknown): string {
  const wording: Record<string, string> = { '>=': `${limit} or more`, '>': `more than ${limit}`, '<=': `${limit} or less`, '<': `less than ${limit}` };
  return `Use ${wording[comparison] ?? `a number ${comparison} ${limit}`}`;
}

/** The sentence for one Ajv error on the field at `path`. */
function sentence(error: ErrorObject, path: string): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return REQUIRED;
    case 'additionalProperties':
      return 'Remove this field: it is not one this request accepts';
    case 'type':
      return `Use ${typeNames(p.type)}`;
    case 'minLength':
      return p.limit === 1 ? 'Fill this in: it cannot be empty' : `Use at least ${p.limit} characters`;
    case 'maxLength':
      return `Use at most ${p.limit} characters`;
    case 'minItems':
      return `Add at least ${countOf(path, p.limit as number)}`;
    case 'maxItems':
      return `Use at most ${countOf(path, p.limit as number)}`;
    case 'uniqueItems':
      return `Remove the repeat: items ${(p.j as number) + 1} and ${(p.i as number) + 1} are the same`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return comparisonSentence(p.comparison as string, p.limit);
    case 'multipleOf':
      return `Use a multiple of ${p.multipleOf}`;
    case 'pattern':
      return patternSentence(p.pattern as string, error.parentSchema);
    case 'format':
      return FORMATS[p.format as string] ?? `Use a valid ${p.format}`;
    case 'enum':
      return useOneOf(p.allowedValues as unknown[]);
    case 'const':
      return useOneOf([p.allowedValue]);
    case 'minProperties':
      return `Fill in at least ${p.limit} of these fields`;
    case 'anyOf':
    case 'oneOf':
      return 'Use one of the forms this field accepts';
    default:
      return `Fix this value: it ${error.message ?? 'is invalid'}`;
  }
}

const isUnion = (e: ErrorObject) => e.keyword === 'anyOf' || e.keyword === 'oneOf';

/** The values a union of literals (`const`s, `enum`s, null) allows; undefined for any other union. */
function literalsOf(branches: unknown): unknown[] | undefined {
  if (!Array.isArray(branches)) return undefined;
  const values: unknown[] = [];
  for (const branch of branches as unknown[]) {
    if (typeof branch !== 'object' || branch === null) return undefined;
    if ('const' in branch) values.push(branch.const);
    else if ('enum' in branch && Array.isArray(branch.enum)) values.push(...(branch.enum as unknown[]));
    else if ('type' in branch && branch.type === 'null') values.push(null);
    else return undefined;
  }
  return values.length > 0 ? values : undefined;
}

/**
 * The errors of the branches of the union whose error is `errors[at]`. Ajv reports them right
 * before it (it drops them when a branch passes), so they are found walking back — linear in
 * them, where filtering every error for every union was quadratic in a body of many bad items.
 */
function branchErrors(errors: readonly ErrorObject[], at: number): ErrorObject[] {
  const union = errors[at]!;
  const prefix = `${union.schemaPath}/`;
  let first = at;
  while (first > 0 && errors[first - 1]!.schemaPath.startsWith(prefix) && errors[first - 1]!.instancePath.startsWith(union.instancePath)) first--;
  return errors.slice(first, at);
}

/**
 * Each failing union (outermost first) and the errors of its branches become what the value
 * needs: a union of literals one `enum` error listing them; a value whose type no branch takes one
 * `type` error naming the types; otherwise the errors of the branches its type fits ("nope" for an
 * email-or-null is a bad email address, not "must be null").
 */
function collapseUnions(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, ErrorObject>();
  const unions = errors.flatMap((e, i) => (isUnion(e) ? [i] : [])).sort((a, b) => errors[a]!.schemaPath.length - errors[b]!.schemaPath.length);
  for (const at of unions) {
    const union = errors[at]!;
    if (dropped.has(union)) continue;
    const inBranches = branchErrors(errors, at);
    const literals = literalsOf(union.schema);
    const wrongType = (e: ErrorObject) => e.keyword === 'type' && e.instancePath === union.instancePath;
    const branchOf = (e: ErrorObject) => e.schemaPath.slice(union.schemaPath.length + 1).split('/')[0];
    const fitting = new Set(inBranches.filter((e) => !wrongType(e)).map(branchOf));
    if (literals) {
      replaced.set(union, { ...union, keyword: 'enum', params: { allowedValues: literals } });
    } else if (fitting.size > 0) {
      dropped.add(union);
      for (const e of inBranches) if (!fitting.has(branchOf(e))) dropped.add(e);
      continue;
    } else if (inBranches.length > 0) {
      const types = [...new Set(inBranches.map((e) => String((e.params as { type: unknown }).type)))];
      replaced.set(union, { ...union, keyword: 'type', params: { type: types.join(',') } });
    }
    for (const e of inBranches) dropped.add(e);
  }
  return errors.filter((e) => !dropped.has(e)).map((e) => replaced.get(e) ?? e);
}

/**
 * The field problems of a failed schema check, each (path, message) once. `prefix` places the
 * part checked: '' for a body, '/query' or '/params'. A missing or unknown property's path names
 * the property (`/name`, not the object holding it).
 */
export function fieldProblems(errors: readonly ErrorObject[], prefix: string): FieldProblem[] {
  const problems = new Map<string, FieldProblem>();
  for (const error of collapseUnions(errors)) {
    const params = error.params as Record<string, unknown>;
    let path = prefix + error.instancePath;
    if (typeof params.missingProperty === 'string') path += `/${params.missingProperty}`;
    if (typeof params.additionalProperty === 'string') path += `/${params.additionalProperty}`;
    path ||= '/';
    const message = sentence(error, path);
    problems.set(`${path}\n${message}`, { path, message });
  }
  return [...problems.values()];
}
