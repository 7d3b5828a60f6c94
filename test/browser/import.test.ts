/**
 * The Import page (spec §16) in Chromium: an admin picks the tool and the JSON file, reads the dry
 * run's report (people, schedules, warnings with their paths, verification) with nothing stored,
 * then applies it; a document that is not the tool's, or not JSON, is refused with why. The
 * test-only source of test/http/import-fixture.ts stands in for PagerDuty's mapper.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDocument, fixtureMappers } from '../http/import-fixture.js';
import { ADMIN, apiCall, HAS_CHROMIUM, signInAt, startBrowserHarness, type BrowserHarness } from './harness.js';

describe.skipIf(!HAS_CHROMIUM)('the Import page in Chromium', () => {
  let harness: BrowserHarness;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    harness = await startBrowserHarness({
      config: { importMappers: fixtureMappers },
      // The document that is not the tool's, refused on purpose below.
      expectedHttpErrors: [{ path: /^\/api\/v1\/import\/pagerduty$/, status: 400 }],
      shotPrefix: 'import-',
    });
    page = harness.page;
    const login = await fetch(`${harness.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    token = ((await login.json()) as { token: string }).token;
    // Alice is already here, under an id of her own.
    await apiCall(harness.base, token, 'PUT', '/people/alice-smith', { name: 'Alice Smith', email: 'alice@example.com' });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  const report = () => page.getByRole('region', { name: 'Import report' });
  const scheduleIds = async () => ((await apiCall(harness.base, token, 'GET', '/schedules')).items as { id: string }[]).map((s) => s.id);

  it('shows the dry run’s report and stores nothing', async () => {
    await signInAt(page, harness.base, ADMIN);
    await harness.nav('Import');
    await page.getByRole('heading', { name: 'Import from another tool', level: 1 }).waitFor();
    await page.getByLabel('Tool').selectOption('pagerduty');
    await page.getByLabel('JSON file').setInputFiles({ name: 'pagerduty.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(fixtureDocument())) });
    await page.getByText('Read pagerduty.json').waitFor();
    await page.getByRole('button', { name: 'Dry run' }).click();

    await report().getByRole('heading', { name: 'Dry run' }).waitFor();
    const verification = report().getByRole('table', { name: 'Verification' });
    await expect.poll(() => verification.getByRole('row').nth(1).innerText()).toMatch(/^Ops \(ops\)\s.*\s100\.00%\s+none$/s);
    await expect.poll(() => report().getByRole('list', { name: 'Warnings' }).innerText()).toBe('/schedules/0/schedule_layers/0/restrictions/0 a restriction of 0 seconds was left out');
    const people = report().getByRole('table', { name: 'People' });
    await expect.poll(() => people.getByRole('row', { name: /alice-smith/ }).innerText()).toMatch(/alice-smith\s+Alice Smith\s+alice@example\.com\s+existing/);
    await expect.poll(() => people.getByRole('row', { name: /carol/ }).innerText()).toMatch(/carol\s+Carol C\.\s+carol@example\.com\s+new/);
    await harness.shot('dry-run');
    expect(await scheduleIds()).toEqual([]);
    harness.expectNoProblems();
  });

  it('applies what the dry run showed, and links the schedules made', async () => {
    await report().getByRole('button', { name: 'Apply' }).click();
    await report().getByRole('heading', { name: 'Imported' }).waitFor();
    await expect(report().getByRole('link', { name: 'Ops' }).getAttribute('href')).resolves.toBe('#/schedules/ops');
    expect(await scheduleIds()).toEqual(['ops']);
    expect((await apiCall(harness.base, token, 'GET', '/schedules/ops/overrides')).items).toHaveLength(1);
    harness.expectNoProblems();
  });

  it('shows where Rota’s timeline differs from the tool’s', async () => {
    const doc = fixtureDocument();
    doc.expected[0]!.entries[3] = { start: '2026-06-08T00:00:00Z', end: '2026-06-15T00:00:00Z', person: 'carol' };
    await page.getByLabel('Document').fill(JSON.stringify(doc));
    // Editing the document dropped the report of the one applied.
    await expect.poll(() => report().count()).toBe(0);
    await page.getByRole('button', { name: 'Dry run' }).click();
    const row = report().getByRole('table', { name: 'Verification' }).getByRole('row').nth(1);
    // Imported again, Bob is matched by email to the Bob the first import made; "ops" is taken now.
    await expect.poll(() => row.innerText()).toMatch(/^Ops \(ops-2\)\s.*50\.00%.*the tool says Carol C\., Rota says Bob B\.$/s);
    await harness.shot('differences');
    harness.expectNoProblems();
  });

  it('says why a document is refused: not the tool’s (with its paths), or not JSON', async () => {
    await page.getByLabel('Document').fill('{"schedules": 1}');
    await page.getByRole('button', { name: 'Dry run' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('/schedules must be an array');
    await page.getByLabel('Document').fill('{"schedules": [');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await expect.poll(() => alert.innerText()).toMatch(/^Not JSON\s+The document is not JSON/);
    await harness.shot('refused');
    harness.expectNoProblems();
  });
});
