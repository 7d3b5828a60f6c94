/**
 * Hostile input against every route of the OpenAPI document, as an admin (so writes get past
 * auth): near-valid bodies generated from each route's schema with one part broken, and plain
 * garbage — wrong types, nulls, arrays for objects, unicode, huge strings, deep nesting,
 * invalid JSON text — with random query strings and path ids. Never a 5xx; every error is a
 * problem document; a rejected request leaves the database as it was; the server stays healthy.
 * A fixed seed and bounded runs keep it reproducible and under a minute.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ok, setUpBerlin } from '../http/fixtures.js';
import { startServer, type TestServer } from '../helpers.js';

// FUZZ_SEED / FUZZ_RUNS explore further by hand; npm test uses the fixed defaults.
const SEED = Number(process.env.FUZZ_SEED ?? 20270328);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query'; schema: Schema }[];
  body: Schema | null;
}

let server: TestServer;
let operations: Operation[];
let components: Record<string, Schema>;

beforeAll(async () => {
  // A pinned session secret: the fuzzed session-secret rotation answers 409 instead of ending
  // the fuzzer's own admin session (after which every request would be a 401).
  server = await startServer({ jwtSecret: 'fuzz-session-secret-fuzz-session-secret' });
  await setUpBerlin(server);
  await ok(server, 'POST', '/api/v1/schedules/comms/overrides', { person: 'erin', start: '2027-03-27T08:00:00Z', end: '2027-03-27T20:00:00Z' });
  await ok(server, 'PUT', '/api/v1/escalation-chains/mls-outage', { name: 'MLS', levels: [{ targets: [{ schedule: 'comms' }], escalateAfterMinutes: 15 }] });
  const doc = (await server.call({ method: 'GET', url: '/openapi.json' })).json();
  components = doc.components?.schemas ?? {};
  operations = [];
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const [method, op] of Object.entries(ops)) {
      if (method === 'head') continue;
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        params: ((op.parameters ?? []) as Operation['params']).filter((p) => p.in === 'path' || p.in === 'query'),
        body: content?.['application/json']?.schema ?? null,
      });
    }
  }
});

afterAll(async () => server?.close());

/** Every table but the audit trail, and without columns a read may legitimately touch. */
function databaseDigest(): string {
  const sqlite = server.sqlite;
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> 'audit_log' order by name").all() as { name: string }[];
  const hash = createHash('sha256');
  for (const { name } of tables) {
    for (const row of sqlite.prepare(`select * from "${name}" order by rowid`).all() as Record<string, unknown>[]) {
      delete row.last_used_at;
      delete row.last_access_at;
      hash.update(`${name}:${JSON.stringify(row)}\n`);
    }
  }
  return hash.digest('hex');
}

// ---- values -------------------------------------------------------------------------------

const hostileStrings = fc.constantFrom(
  '',
  ' ',
  '../../etc/passwd',
  '..%2F..%2Fadmin',
  '%00',
  'a\u0000b',
  'x'.repeat(5_000),
  '\u202e\u0301\ud83d\ude00\u00e9',
  '<script>alert(1)</script>',
  "'; drop table people; --",
  '2027-03-27T08:00:00',
  '2027-02-30T08:00:00Z',
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  'P99999999Y',
  'FREQ=SECONDLY;INTERVAL=1',
  'NaN',
  '1e308',
  'Etc/GMT+99',
  '__proto__',
  'constructor',
);
const anyString = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), hostileStrings);
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 31), 1e21),
  anyString,
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 }),
);

function resolve(schema: Schema): Schema {
  const ref = schema.$ref;
  return typeof ref === 'string' ? (components[ref.split('/').pop()!] ?? {}) : schema;
}

/** A value shaped by `schema`, with any part replaced by junk now and then. */
function nearValid(raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(raw);
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  let valid: fc.Arbitrary<unknown>;
  if (alternatives) valid = fc.oneof(...alternatives.map((s) => nearValid(s, depth)));
  else if (schema.enum) valid = fc.constantFrom(...(schema.enum as unknown[]));
  else if (schema.type === 'object' || schema.properties) {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    const keys = Object.keys(props);
    valid =
      depth > 6
        ? fc.constant({})
        : fc.record(Object.fromEntries(keys.map((k) => [k, nearValid(props[k]!, depth + 1)])), { requiredKeys: keys.filter((k) => required.has(k)) });
  } else if (schema.type === 'array') valid = depth > 6 ? fc.constant([]) : fc.array(nearValid((schema.items ?? {}) as Schema, depth + 1), { maxLength: 3 });
  else if (schema.type === 'integer') valid = fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom(schema.example ?? 0));
  else if (schema.type === 'number') valid = fc.double({ noNaN: true });
  else if (schema.type === 'boolean') valid = fc.boolean();
  else if (schema.type === 'string') {
    const examples = [schema.example, ...((schema.examples as unknown[]) ?? [])].filter((e) => typeof e === 'string') as string[];
    valid = fc.oneof(
      { weight: 3, arbitrary: examples.length > 0 ? fc.constantFrom(...examples) : fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/) },
      { weight: 2, arbitrary: fc.constantFrom('alice', 'bob', 'director', 'comms', 'de-be', 'mls-outage', 'Europe/Berlin', 'FR 17:00', '09:00', 'P1W', '2027-01-04T09:00', '2027-03-27T08:00:00Z', '2028-03-27T08:00:00Z') },
      { weight: 1, arbitrary: anyString },
    );
  } else valid = junk;
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: junk });
}

function deeplyNested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Raw body text: valid-looking JSON, broken JSON, or JSON of the wrong shape. */
function bodyText(op: Operation): fc.Arbitrary<string | undefined> {
  const shaped = op.body ? nearValid(op.body).map((v) => JSON.stringify(v)) : fc.constant(undefined);
  return fc.oneof(
    { weight: 8, arbitrary: shaped },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'nul', '[1,2,,]', '{"name":"\\ud800"}', '\u0000', '{"__proto__":{"admin":true}}', 'null', '[]', '"x"', '1e99999') },
    { weight: 1, arbitrary: fc.constantFrom(deeplyNested(5_000), `{"name":"${'x'.repeat(1_100_000)}"}`, JSON.stringify({ name: 'x'.repeat(100_000) })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const pathId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('alice', 'comms', 'de-be', 'mls-outage', 'director', 'nobody', 'x') },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/) },
  { weight: 2, arbitrary: fc.constantFrom('..', '../users', '%2e%2e%2f', '%00', '%ZZ', 'A'.repeat(300), '%F0%9F%98%80', 'a%2Fb', '-', 'a b') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map(encodeURIComponent) },
);

function requestFor(op: Operation): fc.Arbitrary<InjectOptions> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  return fc
    .record({
      ids: fc.array(pathId, { minLength: pathParams.length, maxLength: pathParams.length }),
      query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, nearValid(p.schema).map(String)]))),
      extraQuery: fc.option(fc.tuple(anyString, anyString), { nil: undefined }),
      body: op.method === 'GET' || op.method === 'DELETE' ? fc.constant(undefined) : bodyText(op),
      contentType: fc.oneof({ weight: 9, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1') }),
    })
    .map(({ ids, query, extraQuery, body, contentType }) => {
      let url = op.path;
      pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, ids[i]!)));
      const pairs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
      if (extraQuery) pairs.push(`${encodeURIComponent(extraQuery[0])}=${encodeURIComponent(extraQuery[1])}`);
      if (pairs.length > 0) url += `?${pairs.join('&')}`;
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': contentType };
      return { method: op.method as InjectOptions['method'], url, headers, ...(body === undefined ? {} : { payload: body }) };
    });
}

// ---- assertions ---------------------------------------------------------------------------

let requests = 0;
const statuses = new Map<number, number>();

function checkResponse(req: InjectOptions, res: LightMyRequestResponse): void {
  requests++;
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  const where = `${req.method} ${String(req.url).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (res.statusCode < 400) return;
  expect(String(res.headers['content-type']), where).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(typeof body.type, where).toBe('string');
  expect(typeof body.title, where).toBe('string');
  expect(body.status, where).toBe(res.statusCode);
  expect(typeof body.detail, where).toBe('string');
}

it(`answers ${RUNS} hostile requests across every route without a 5xx or a change from a rejected one`, { timeout: Math.max(120_000, RUNS * 100) }, async () => {
  expect(operations.length).toBeGreaterThan(30);
  const request = fc.constantFrom(...operations).chain(requestFor);
  await fc.assert(
    fc.asyncProperty(request, async (req) => {
      const before = databaseDigest();
      const res = await server.call(req);
      checkResponse(req, res);
      if (res.statusCode >= 400) expect(databaseDigest(), `${req.method} ${req.url} → ${res.statusCode} changed the database`).toBe(before);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  expect((await server.call({ method: 'GET', url: '/healthz', token: null })).statusCode).toBe(200);
  console.log(`fuzz: ${requests} requests over ${operations.length} operations, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
});
