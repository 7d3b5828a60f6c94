/**
 * Request validation with two kinds of Ajv instances: query strings, path params and headers
 * arrive as text and are coerced to their schema types ("2027" → 2027), while JSON bodies are
 * checked as sent — a number where a name belongs is an error, not a name "42".
 *
 * Each part is checked first stopping at the first error, which costs little whatever the size:
 * with `allErrors` Ajv reports every failing item, a dozen errors for an item failing a union, and
 * a 1 MB body of 185,000 invalid weekdays took 100 s. Only an invalid part small enough to list
 * cheaply is checked again for every error (what the web form shows beside its fields); a larger
 * one is answered with its first error.
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** JSON values (objects, arrays and scalars) up to which an invalid part gets every error listed. */
const LIST_EVERY_ERROR_UP_TO = 10_000;

function makeAjv(coerceTypes: Options['coerceTypes'], allErrors: boolean, schemas: object[]): Ajv {
  // `verbose`: an error carries its schema, which validation-messages.ts words its sentence from.
  const ajv = new Ajv({ allErrors, verbose: true, removeAdditional: true, useDefaults: true, coerceTypes, strict: false });
  addFormats(ajv);
  for (const schema of schemas) ajv.addSchema(schema);
  return ajv;
}

/** True when `data` holds at most `max` JSON values, counted until the count passes `max`. */
function holdsAtMost(data: unknown, max: number): boolean {
  const stack: unknown[] = [data];
  for (let seen = 0; stack.length > 0; ) {
    const value = stack.pop();
    if (++seen > max) return false;
    if (typeof value === 'object' && value !== null) stack.push(...(Array.isArray(value) ? value : Object.values(value)).slice(0, max));
  }
  return true;
}

/** The first-error check, falling back to the every-error one (compiled when first needed). */
function twoPass(quick: ValidateFunction, compileFull: () => ValidateFunction) {
  let full: ValidateFunction | null = null;
  const validate = (data: unknown, context?: object): boolean => {
    // Ajv mutates as it checks (defaults, coercion, unknown fields dropped): `context` lets it
    // replace a root value in the request, as Fastify expects.
    if (quick(data, context as never)) return true;
    if (!holdsAtMost(data, LIST_EVERY_ERROR_UP_TO)) {
      validate.errors = quick.errors;
      return false;
    }
    full ??= compileFull();
    const valid = full(data, context as never);
    validate.errors = full.errors;
    return valid;
  };
  validate.errors = null as ValidateFunction['errors'];
  // Fastify passes the parent (the request) only to validators carrying Ajv's schemaEnv.
  validate.schemaEnv = quick.schemaEnv;
  return validate;
}

interface AjvSet {
  body: { quick: Ajv; full: Ajv };
  text: { quick: Ajv; full: Ajv };
}

/**
 * Fastify asks for a validator compiler in every plugin context (13 per app), each time with the
 * same shared schemas: four new Ajv instances each (formats, shared schemas) took ~2 s of CPU at
 * start. One set per distinct list of shared schemas serves every context of every app.
 */
const ajvSets = new Map<string, AjvSet>();

function ajvSetFor(schemas: object[]): AjvSet {
  const key = JSON.stringify(schemas);
  let set = ajvSets.get(key);
  if (!set) {
    set = {
      body: { quick: makeAjv(false, false, schemas), full: makeAjv(false, true, schemas) },
      text: { quick: makeAjv('array', false, schemas), full: makeAjv('array', true, schemas) },
    };
    ajvSets.set(key, set);
  }
  return set;
}

/** Ajv keeps what it compiles; the instances outlive an app, so only the function is kept, by its route. */
function compileOnce(ajv: Ajv, schema: object): ValidateFunction {
  const validate = ajv.compile(schema);
  ajv.removeSchema(schema);
  return validate;
}

export const schemaController = {
  compilersFactory: {
    buildValidator(externalSchemas: unknown): FastifySchemaCompiler<unknown> {
      const ajvs = ajvSetFor(Object.values(externalSchemas as Record<string, object>));
      return ({ schema, httpPart }) => {
        const { quick, full } = httpPart === 'body' ? ajvs.body : ajvs.text;
        return twoPass(compileOnce(quick, schema as object), () => compileOnce(full, schema as object));
      };
    },
  },
} as FastifyServerOptions['schemaController'];
