/**
 * A test-only import source (spec §16) for the frame's tests: its document is a SourceImport
 * already, with ISO instants, so a test states exactly what a mapper would hand the service. The
 * real mappers (src/importers/<source>.ts) have their own tests on their tools' documents.
 */
import { MAPPERS, SourceDocumentError, type SourceImport, type SourceMapper } from '../../src/importers/index.js';

interface FixtureDocument {
  people: SourceImport['people'];
  schedules: SourceImport['schedules'];
  overrides: { schedule: string; person: string; start: string; end: string; note: string | null }[];
  warnings: SourceImport['warnings'];
  expected: { schedule: string; from: string; to: string; entries: { start: string; end: string; person: string | null }[] }[];
}

const ms = (iso: string) => Date.parse(iso);

/** Reads a FixtureDocument; anything else is refused as a mapper refuses a document not of its tool. */
export const fixtureMapper: SourceMapper = (document) => {
  const doc = document as Partial<FixtureDocument> | null;
  const missing = (['people', 'schedules', 'overrides', 'warnings', 'expected'] as const).filter((k) => !Array.isArray(doc?.[k]));
  if (missing.length > 0) throw new SourceDocumentError(missing.map((k) => ({ path: `/${k}`, message: 'must be an array' })));
  const d = doc as FixtureDocument;
  return {
    people: d.people,
    schedules: d.schedules,
    overrides: d.overrides.map((o) => ({ ...o, start: ms(o.start), end: ms(o.end) })),
    warnings: d.warnings,
    expected: d.expected.map((e) => ({
      ...e,
      from: ms(e.from),
      to: ms(e.to),
      entries: e.entries.map((x) => ({ ...x, start: ms(x.start), end: ms(x.end) })),
    })),
  };
};

/** The mappers table with the fixture as PagerDuty's (the others as shipped). */
export const fixtureMappers = { ...MAPPERS, pagerduty: fixtureMapper };

/**
 * The source's view: Alice, Bob and Carol rotate weekly from Monday 2026-06-01 00:00 UTC on
 * "Ops"; Carol overrides Wednesday 06-03. The source's final timeline for the first two weeks:
 * Alice 06-01 → 06-08 except Carol 06-03 → 06-04, then Bob 06-08 → 06-15.
 */
export function fixtureDocument(): FixtureDocument {
  return {
    people: [
      { id: 'alice', name: 'Alice A.', email: 'alice@example.com', timeZone: 'Europe/Berlin', sourceId: 'PA' },
      { id: 'bob', name: 'Bob B.', email: 'bob@example.com', timeZone: null, sourceId: 'PB' },
      { id: 'carol', name: 'Carol C.', email: 'carol@example.com', timeZone: 'America/New_York', sourceId: 'PC' },
    ],
    schedules: [
      {
        id: 'ops',
        sourceId: 'PSCHED',
        document: {
          name: 'Ops',
          timeZone: 'UTC',
          requireCoverage: false,
          layers: [{ id: 'weekly', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: '2026-06-01T00:00' } }],
        },
      },
    ],
    overrides: [{ schedule: 'ops', person: 'carol', start: '2026-06-03T00:00:00Z', end: '2026-06-04T00:00:00Z', note: 'dentist swap' }],
    warnings: [{ path: '/schedules/0/schedule_layers/0/restrictions/0', message: 'a restriction of 0 seconds was left out' }],
    expected: [
      {
        schedule: 'ops',
        from: '2026-06-01T00:00:00Z',
        to: '2026-06-15T00:00:00Z',
        entries: [
          { start: '2026-06-01T00:00:00Z', end: '2026-06-03T00:00:00Z', person: 'alice' },
          { start: '2026-06-03T00:00:00Z', end: '2026-06-04T00:00:00Z', person: 'carol' },
          { start: '2026-06-04T00:00:00Z', end: '2026-06-08T00:00:00Z', person: 'alice' },
          { start: '2026-06-08T00:00:00Z', end: '2026-06-15T00:00:00Z', person: 'bob' },
        ],
      },
    ],
  };
}
