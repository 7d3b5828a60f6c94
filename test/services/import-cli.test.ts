/**
 * `npm run import -- SOURCE FILE [--apply]` (spec §16): the command line refuses what it cannot
 * run with a non-zero exit and the problems named, and (with the test-only source of
 * test/http/import-fixture.ts) reports on a dry run and stores only with --apply. A spawned run
 * imports PagerDuty's documented example as a person would, and `--require-coverage` refuses a
 * schedule left without anyone (its only layer ended in 2016: a gap whatever today is).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('imports a real PagerDuty document in a spawned process: the report on stdout, the summary on stderr, stored with --apply', async () => {
    const example = join(import.meta.dirname, '../importers/fixtures/pagerduty/documented-example.json');
    const dry = await cli('import', ['pagerduty', example], { ROTA_DB: dbPath });
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report.applied).toBe(false);
    expect(report.verification.map((v: { agreement: number }) => v.agreement)).toEqual([1]);
    expect(dry.stderr).toMatch(/verification \S+ .*: 100\.00% agreement/);
    expect(dry.stderr).toContain('dry run: nothing stored (add --apply to store it)');
    expect(await stored()).toEqual(BEFORE);

    const applied = await cli('import', ['pagerduty', example, '--apply'], { ROTA_DB: dbPath });
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toEqual({ ...report, applied: true });
    expect(applied.stderr).toContain('applied: stored in one transaction');
    const after = await stored();
    expect(after.schedules).toEqual(report.schedules.map((s: { id: string }) => s.id));
    expect(after.people).toEqual([...new Set(['alice-smith', ...report.people.map((p: { id: string }) => p.id)])].sort());
  }, 90_000);

  it('refuses --apply --require-coverage of a schedule with a gap: exit 1, the 409 and its gaps named, nothing stored', async () => {
    const example = JSON.parse(readFileSync(join(import.meta.dirname, '../importers/fixtures/pagerduty/documented-example.json'), 'utf8'));
    for (const entry of example.schedules) for (const layer of entry.schedule.schedule_layers) layer.end = '2016-01-01T00:00:00-05:00';
    const ended = join(dir, 'ended.json');
    writeFileSync(ended, JSON.stringify(example));
    const run = await cli('import', ['pagerduty', ended, '--apply', '--require-coverage'], { ROTA_DB: dbPath });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^import refused \(409 Conflict\): .*would leave nobody on call in schedule "[^"]+" within the next 365 days/);
    expect(run.stderr).toMatch(/\n {2}gap \d{4}-\d\d-\d\dT[\d:.]+Z – \d{4}-/);
    expect(run.stdout).toBe('');
    expect(await stored()).toEqual(BEFORE);
  }, 90_000);

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
