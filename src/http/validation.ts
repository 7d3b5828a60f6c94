/**
 * Request validation with two Ajv instances: query strings, path params and headers arrive as
 * text and are coerced to their schema types ("2027" → 2027), while JSON bodies are checked as
 * sent — a number where a name belongs is an error, not a name "42".
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

function makeAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ allErrors: true, removeAdditional: true, useDefaults: true, coerceTypes, strict: false });
  addFormats(ajv);
  return ajv;
}

export const schemaController = {
  compilersFactory: {
    buildValidator(externalSchemas: unknown): FastifySchemaCompiler<unknown> {
      const strict = makeAjv(false);
      const coercing = makeAjv('array');
      for (const schema of Object.values(externalSchemas as Record<string, object>)) {
        strict.addSchema(schema);
        coercing.addSchema(schema);
      }
      return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
    },
  },
} as FastifyServerOptions['schemaController'];
