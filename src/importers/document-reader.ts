/**
 * What the four source-document readers share: every problem collected with its JSON pointer (so a
 * 400 lists them all, not the first), and the checks of JSON's own shapes — objects, bounded
 * arrays and strings, integers in a range, one of a few words. Each source's reader extends it
 * with the shapes of its API (its instants, its list wrappers, its defaults).
 */
import { SourceDocumentError, type ImportWarning } from './types.js';

export type Json = Record<string, unknown>;

/** Problems beyond this many are not collected: a broken list yields thousands, the first say enough. */
export const MAX_PROBLEMS = 100;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object key as a JSON-pointer segment (RFC 6901: "~" is written "~0", "/" "~1"). */
export function pointerKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export class DocumentReader {
  readonly problems: ImportWarning[] = [];

  /** `maxString`: the longest string the source's documents may hold. */
  constructor(private readonly maxString: number) {}

  /** Records a problem; null, so a check can `return this.fail(…)`. */
  fail(path: string, message: string): null {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, message });
    return null;
  }

  object(v: unknown, path: string): Json | null {
    return isObject(v) ? v : this.fail(path, 'must be an object');
  }

  /** An array of at most `max` entries; `hint` says which wrapper the API may put around it. */
  array(v: unknown, path: string, max: number, what = 'entries', hint = ''): unknown[] | null {
    if (!Array.isArray(v)) return this.fail(path, `must be an array${what === 'entries' ? '' : ` of ${what}`}${hint}`);
    return v.length <= max ? v : this.fail(path, `at most ${max} ${what}`);
  }

  /** A string within the source's bound; not '' when `nonEmpty`. */
  string(v: unknown, path: string, { nonEmpty = false } = {}): string | null {
    return this.boundedString(v, path, nonEmpty);
  }

  /** Absent or null is null; otherwise a string within the bound ('' too). */
  optionalString(v: unknown, path: string): string | null {
    return v === undefined || v === null ? null : this.boundedString(v, path, false);
  }

  // Not `string` itself, which a source's reader may narrow.
  private boundedString(v: unknown, path: string, nonEmpty: boolean): string | null {
    if (typeof v !== 'string' || (nonEmpty && v === '')) return this.fail(path, nonEmpty ? 'must be a non-empty string' : 'must be a string');
    return v.length <= this.maxString ? v : this.fail(path, `at most ${this.maxString} characters`);
  }

  integer(v: unknown, path: string, min: number, max: number): number | null {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    return this.fail(path, `must be an integer from ${min} to ${max}`);
  }

  oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T | null {
    return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : this.fail(path, `must be one of ${values.join(', ')}`);
  }

  /** Throws every problem found, with its path, as one SourceDocumentError (a 400). */
  throwProblems(): void {
    if (this.problems.length > 0) throw new SourceDocumentError(this.problems);
  }
}
