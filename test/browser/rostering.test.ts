/**
 * An admin's rostering for real life in Chromium (spec §4 `end`, §13): time off added on the People
 * page shows on the schedule as a conflict; "Swap" on a shift trades it for one of another person's
 * upcoming shifts (two overrides, deleted together); the editor saves a layer's `end` and
 * `whenAway: "next"`, after which the next participant covers the time off. Each step is checked
 * against the stored documents through the API. Clocks held at TEST_NOW (Mon 1 Jun 2026, 14:00 in
 * Berlin). Screenshots: rostering-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, apiCall, HAS_CHROMIUM, startBrowserHarness, type BrowserHarness, tokenAt } from './harness.js';

interface StoredOverride {
  id: string;
  person: string;
  start: string;
  end: string;
  swap: string | null;
}

describe.skipIf(!HAS_CHROMIUM)('time off, swaps and layer end in Chromium', () => {
  let harness: BrowserHarness;
  let page: Page;
  let base: string;
  let adminToken: string;

  const admin = (method: string, path: string, body?: unknown) => apiCall(base, adminToken, method, path, body);
  const shot = (name: string) => harness.shot(name);
  const expectNoProblems = () => harness.expectNoProblems();
  const coverage = () => page.getByRole('region', { name: /^Coverage and fairness/ });
  const overridesCard = () => page.getByRole('region', { name: 'Overrides' });
  const aliceAway = () => page.getByRole('region', { name: 'Time off of Alice Adams' });

  beforeAll(async () => {
    // The live preview validates the form as it is typed.
    harness = await startBrowserHarness({ shotPrefix: 'rostering-', expectedHttpErrors: [{ path: /\/api\/v1\/schedules\/preview$/, status: 400 }] });
    ({ page, base } = harness);
    adminToken = await tokenAt(base);
    for (const [id, name] of [
      ['alice', 'Alice Adams'],
      ['bob', 'Bob Brown'],
      ['carol', 'Carol Chen'],
      ['director', 'Dana Director'],
    ]) {
      await admin('PUT', `/people/${id}`, { name, email: `${id}@example.com`, timeZone: 'Europe/Berlin' });
    }
    // Mondays 09:00 Berlin: alice 1 Jun, bob 8 Jun, carol 15 Jun, alice 22 Jun, …
    await admin('PUT', '/schedules/comms', {
      name: 'Communications coordinator',
      timeZone: 'Europe/Berlin',
      fallback: 'director',
      layers: [{ id: 'weekly', name: 'Weekly', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: '2026-01-05T09:00' } }],
    });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('adds time off for a person on the People page', async () => {
    await page.goto(base);
    await expect.poll(() => page.getByLabel('Email').isVisible()).toBe(true);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'On call now' }).waitFor();
    await harness.nav('People');
    await page.getByRole('button', { name: 'Time off of Alice Adams' }).click();
    await aliceAway().getByText('No time off planned.').waitFor();
    const form = aliceAway().getByRole('form', { name: 'Add time off' });
    await form.getByLabel('Away from (Europe/Berlin)').fill('2026-06-03T00:00');
    await form.getByLabel('Back at (Europe/Berlin)').fill('2026-06-04T00:00');
    await form.getByLabel('Note').fill('School play');
    await form.getByRole('button', { name: 'Add time off' }).click();
    await aliceAway().getByText(/^Wed,? 3 Jun,? 00:00 – Thu,? 4 Jun,? 00:00$/).waitFor();
    const stored = await admin('GET', '/people/alice/time-off?from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z');
    expect(stored.timeOff.map((t: { start: string; end: string; note: string }) => [t.start, t.end, t.note])).toEqual([
      ['2026-06-02T22:00:00.000Z', '2026-06-03T22:00:00.000Z', 'School play'],
    ]);
    await shot('01-people-time-off');
    expectNoProblems();
  });

  it('shows the schedule\'s conflict: Alice stays on call while away (the layer keeps her)', async () => {
    await harness.nav('Now');
    await page.getByRole('link', { name: 'Communications coordinator' }).click();
    await coverage().getByRole('list', { name: 'On call while away' }).getByText(/^Alice Adams is on call while away Wed,? 3 Jun,? 00:00 – Thu,? 4 Jun,? 00:00$/).waitFor();
    expectNoProblems();
  });

  it('swaps Bob\'s week for one of Carol\'s upcoming weeks: two overrides, one swap', async () => {
    await page.getByRole('group', { name: 'Timeline view' }).getByRole('button', { name: 'Month' }).click();
    await page.getByRole('button', { name: /^Final schedule: Bob Brown, Mon,? 8 Jun,? 09:00 – Mon,? 15 Jun,? 09:00$/ }).click();
    await page.getByRole('region', { name: 'Selected shift' }).getByRole('button', { name: 'Swap' }).click();
    const form = page.getByRole('form', { name: 'Swap shifts' });
    await form.getByText(/^Bob Brown gives away Mon,? 8 Jun,? 09:00 – Mon,? 15 Jun,? 09:00\.$/).waitFor();
    expect(await form.getByRole('button', { name: 'Swap shifts' }).isDisabled()).toBe(true);
    // Bob is not offered to himself.
    expect(await form.getByLabel('Swap with').locator('option').allTextContents()).toEqual(['Choose a person…', 'Alice Adams', 'Carol Chen', 'Dana Director']);
    await form.getByLabel('Swap with').selectOption({ label: 'Carol Chen' });
    const theirs = form.getByRole('group', { name: "Carol Chen's shift" });
    await theirs.getByRole('radio', { name: /^Mon,? 15 Jun,? 09:00 – Mon,? 22 Jun,? 09:00$/ }).check();
    await form.getByRole('status').getByText(
      /^Carol Chen covers Mon,? 8 Jun,? 09:00 – Mon,? 15 Jun,? 09:00; Bob Brown covers Mon,? 15 Jun,? 09:00 – Mon,? 22 Jun,? 09:00\.$/,
    ).waitFor();
    await form.getByLabel('Note').fill('Bob moves house');
    await shot('02-swap-form');
    await form.getByRole('button', { name: 'Swap shifts' }).click();
    await expect.poll(() => overridesCard().getByRole('listitem').count()).toBe(2);
    expect(await overridesCard().getByText('swap', { exact: true }).count()).toBe(2);
    await page.getByRole('button', { name: /^Final schedule: Carol Chen, Mon,? 8 Jun,? 09:00 – Mon,? 15 Jun,? 09:00, override$/ }).waitFor();
    await page.getByRole('button', { name: /^Final schedule: Bob Brown, Mon,? 15 Jun,? 09:00 – Mon,? 22 Jun,? 09:00, override$/ }).waitFor();

    const stored: StoredOverride[] = (await admin('GET', '/schedules/comms/overrides')).items.sort((x: StoredOverride, y: StoredOverride) => x.start.localeCompare(y.start));
    expect(stored.map((o) => [o.person, o.start, o.end])).toEqual([
      ['carol', '2026-06-08T07:00:00.000Z', '2026-06-15T07:00:00.000Z'],
      ['bob', '2026-06-15T07:00:00.000Z', '2026-06-22T07:00:00.000Z'],
    ]);
    expect(stored[0]!.swap).toMatch(/^swp-/);
    expect(stored[1]!.swap).toBe(stored[0]!.swap);
    await shot('03-swapped');
    expectNoProblems();
  });

  it('deletes both overrides of the swap when one is deleted, and says so first', async () => {
    await overridesCard().getByRole('button', { name: 'Delete swap of Carol Chen (both its overrides)' }).click();
    await overridesCard().getByRole('button', { name: 'Confirm delete swap of Carol Chen (both its overrides)' }).click();
    await overridesCard().getByText('No overrides.').waitFor();
    expect((await admin('GET', '/schedules/comms/overrides')).items).toEqual([]);
    await page.getByRole('button', { name: /^Final schedule: Bob Brown, Mon,? 8 Jun,? 09:00 – Mon,? 15 Jun,? 09:00$/ }).waitFor();
    expectNoProblems();
  });

  it('saves a layer end and "next available" in the editor; then Bob covers Alice\'s day off', async () => {
    await page.getByRole('link', { name: 'Edit schedule' }).click();
    await page.getByRole('heading', { name: 'Edit Communications coordinator' }).waitFor();
    await page.getByLabel('Ends at (Europe/Berlin)').fill('2026-09-07T09:00');
    await page.getByLabel('When someone is away').selectOption({ label: 'Next available covers' });
    await shot('04-editor');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByRole('heading', { name: 'Communications coordinator', level: 1, exact: true }).waitFor();

    const stored = await admin('GET', '/schedules/comms');
    expect(stored.layers[0]).toMatchObject({ id: 'weekly', end: '2026-09-07T09:00', whenAway: 'next' });
    await page.getByRole('button', { name: /^Final schedule: Bob Brown, Wed,? 3 Jun,? 00:00 – Thu,? 4 Jun,? 00:00$/ }).waitFor();
    await coverage().getByText('conflicts', { exact: true }).waitFor();
    expect(await coverage().getByRole('list', { name: 'On call while away' }).count()).toBe(0);
    await shot('05-next-available');
    expectNoProblems();
  });

  it('deletes the time off on the People page', async () => {
    await harness.nav('People');
    await page.getByRole('button', { name: 'Time off of Alice Adams' }).click();
    await aliceAway().getByRole('button', { name: /^Delete time off Wed,? 3 Jun/ }).click();
    await aliceAway().getByRole('button', { name: /^Confirm delete time off Wed,? 3 Jun/ }).click();
    await aliceAway().getByText('No time off planned.').waitFor();
    expect((await admin('GET', '/people/alice/time-off?from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z')).timeOff).toEqual([]);
    await aliceAway().getByRole('button', { name: 'Close time off' }).click();
    expect(await aliceAway().count()).toBe(0);
    expectNoProblems();
  });
});
