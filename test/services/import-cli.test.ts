/**
 * `npm run import -- SOURCE FILE [--apply]` (spec §16): the command line refuses what it cannot
 * run with a non-zero exit and the problems named, and (with the test-only source of
 * test/http/import-fixture.ts) reports on a dry run and stores only with --apply.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRepositories, systemActor } from '../../src/db/index.js';
import { importFile } from '../../src/services/import-file.js';
import { TEST_NOW, fixedClock } from '../clock.js';
import { fixtureDocument, fixtureMappers } from '../http/import-fixture.js';
import { cli } from '../move/cli.js';

let dir: string;
let dbPath: string;
let file: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rota-import-'));
  dbPath = join(dir, 'rota.db');
  file = join(dir, 'source.json');
  writeFileSync(file, JSON.stringify(fixtureDocument()));
  const repos = await openRepositories({ dbPath });
  await repos.people.put('alice-smith', { name: 'Alice Smith', email: 'alice@example.com' }, systemActor, TEST_NOW);
  await repos.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Ids of what the database holds. */
async function stored() {
  const repos = await openRepositories({ dbPath });
  try {
    return {
      people: (await repos.people.list()).map((p) => p.id),
      schedules: await repos.schedules.listIds(),
      overrides: [...(await repos.overrides.all()).values()].flat().map((o) => `${o.scheduleId}:${o.personId}`),
    };
  } finally {
    await repos.close();
  }
}
const BEFORE = { people: ['alice-smith'], schedules: [], overrides: [] };

describe('npm run import', () => {
  it('answers a wrong command line with its usage (exit 2)', async () => {
    for (const args of [['pagerduty'], ['jira', file], ['pagerduty', file, '--force']]) {
      const run = await cli('import', args, { ROTA_DB: dbPath });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('usage: npm run import -- SOURCE FILE [--apply]');
    }
    // Each run starts a process compiling the sources (tsx): seconds each on a loaded machine.
  }, 90_000);

  it('refuses a file that is not JSON, or not the tool’s document, with exit 1 and the problems, storing nothing', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"users": [');
    const broken = await cli('import', ['opsgenie', join(dir, 'broken.json'), '--apply'], { ROTA_DB: dbPath });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken.json is not JSON');

    // The shipped mappers refuse the test-only document, each naming what is wrong where.
    const refused = await cli('import', ['pagerduty', file, '--apply'], { ROTA_DB: dbPath });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^import refused: the document has problems\n {2}\S*: /);
    expect(refused.stdout).toBe('');
    expect(await stored()).toEqual(BEFORE);
  }, 60_000);

  it('reports on a dry run and stores only with apply', async () => {
    const config = { dbPath, now: fixedClock() };
    const request = { source: 'pagerduty', file, apply: false, requireCoverage: false };
    const dry = await importFile(config, request, fixtureMappers);
    expect(dry).toMatchObject({
      applied: false,
      people: [{ id: 'alice-smith', matched: true }, { id: 'bob', matched: false }, { id: 'carol', matched: false }],
      schedules: [{ id: 'ops', requireCoverage: false }],
      verification: [{ schedule: 'ops', agreement: 1, differences: [] }],
    });
    expect(await stored()).toEqual(BEFORE);

    const applied = await importFile(config, { ...request, apply: true }, fixtureMappers);
    expect(applied).toEqual({ ...dry, applied: true });
    expect(await stored()).toEqual({ people: ['alice-smith', 'bob', 'carol'], schedules: ['ops'], overrides: ['ops:carol'] });
  });

  it('holds --require-coverage to the coverage guarantee', async () => {
    const doc = fixtureDocument();
    doc.schedules[0]!.document.layers[0]!.end = '2026-09-01T00:00';
    writeFileSync(file, JSON.stringify(doc));
    await expect(importFile({ dbPath, now: fixedClock() }, { source: 'pagerduty', file, apply: true, requireCoverage: true }, fixtureMappers)).rejects.toMatchObject({
      status: 409,
    });
    expect(await stored()).toEqual(BEFORE);
  });
});
