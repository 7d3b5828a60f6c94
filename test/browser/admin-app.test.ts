/**
 * End-to-end test of the admin web app: the real server (temp SQLite) serving a fresh build of
 * web/, driven by headless Chromium. Builds the Berlin communications schedule through the form
 * and checks the timeline around Easter 2027. Screenshots of each screen go to test/screenshots/.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, HAS_CHROMIUM, startBrowserHarness, type BrowserHarness } from './harness.js';

/**
 * HTTP errors the app is expected to meet: the live preview validating half-typed forms, and the
 * coverage refusal and the taken person id provoked below.
 */
const EXPECTED_HTTP_ERRORS = [
  { path: /\/api\/v1\/schedules\/preview$/, status: 400 },
  { path: /\/api\/v1\/schedules\/comms$/, status: 409 },
  { path: /\/api\/v1\/people\/alice$/, status: 412 },
];

describe.skipIf(!HAS_CHROMIUM)('admin web app in Chromium', () => {
  let harness: BrowserHarness;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    harness = await startBrowserHarness({ expectedHttpErrors: EXPECTED_HTTP_ERRORS });
    ({ page, base } = harness);
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  const shot = (name: string) => harness.shot(name);
  const nav = (name: string) => harness.nav(name);
  /** Each step reports the console errors, page errors and unexpected HTTP errors it caused. */
  const expectNoProblems = () => harness.expectNoProblems();

  it('signs in', async () => {
    await page.goto(base);
    await expect.poll(() => page.getByLabel('Email').isVisible()).toBe(true);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await shot('01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'On call now' }).waitFor();
    expectNoProblems();
  });

  it('creates people', async () => {
    await nav('People');
    const people: [string, string][] = [
      ['alice', 'Alice Adams'],
      ['bob', 'Bob Brown'],
      ['carol', 'Carol Chen'],
      ['dave', 'Dave Diaz'],
      ['erin', 'Erin Evans'],
      ['frank', 'Frank Fischer'],
      ['director', 'Dana Director'],
    ];
    for (const [id, name] of people) {
      await page.getByRole('button', { name: 'Add person' }).first().click();
      const form = page.getByRole('form', { name: 'New person' });
      await form.getByLabel('Id').fill(id);
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Email').fill(`${id}@example.com`);
      await form.getByLabel('Time zone').fill('Europe/Berlin');
      await form.getByRole('button', { name: 'Add person' }).click();
      await page.getByRole('cell', { name, exact: true }).waitFor();
    }
    await expect.poll(() => page.locator('tbody tr').count()).toBe(people.length);
    await shot('02-people');
    expectNoProblems();
  });

  it('refuses to add a person whose id exists, says so at the Id field, and leaves them as they were', async () => {
    await page.getByRole('button', { name: 'Add person' }).first().click();
    const form = page.getByRole('form', { name: 'New person' });
    const id = form.getByLabel('Id');
    await id.fill('alice');
    await form.getByLabel('Name').fill('Another Alice');
    await form.getByRole('button', { name: 'Add person' }).click();
    const error = form.locator('.field-error[data-path="/id"]');
    await error.waitFor();
    expect(await error.textContent()).toBe('person "alice" already exists: choose another id, or edit the existing one');
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    await shot('02b-person-id-taken');
    await form.getByRole('button', { name: 'Cancel' }).click();
    // Alice keeps her name, email and zone (a blind PUT used to wipe them).
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'alice', exact: true }) });
    expect(await row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Alice Adams', 'alice', 'alice@example.com', 'Europe/Berlin']));
    await expect.poll(() => page.locator('tbody tr').count()).toBe(7);
    expectNoProblems();
  });

  it('creates the Berlin holiday calendar and previews its 2027 dates', async () => {
    await nav('Holiday calendars');
    await page.getByRole('button', { name: 'New calendar' }).click();
    const form = page.getByRole('form', { name: 'New calendar' });
    await form.getByLabel('Id').fill('de-be');
    await form.getByLabel('Name').fill('Berlin public holidays');
    await form.getByLabel('Country').selectOption('DE');
    await form.getByLabel('State / region').selectOption('DE-BE');
    await form.getByRole('button', { name: 'Save calendar' }).click();
    const saved = page.getByRole('form', { name: 'Calendar Berlin public holidays' });
    await saved.getByLabel('Year', { exact: true }).selectOption('2027');
    await saved.getByRole('cell', { name: 'Fri 26 Mar' }).waitFor();
    await saved.getByRole('cell', { name: 'Mon 29 Mar' }).waitFor();
    await shot('03-holiday-calendars');
    expectNoProblems();
  });

  const layer = (i: number) => page.locator('fieldset.layer-editor').nth(i);
  async function fillLayer(l: Locator, id: string, name: string, participants: string[]) {
    await l.getByLabel('Layer id').fill(id);
    await l.getByLabel('Layer name').fill(name);
    for (const p of participants) await l.getByRole('button', { name: `Add ${p}`, exact: true }).click();
  }
  const preview = () => page.getByRole('region', { name: /Live preview/ });

  it('builds the Berlin communications schedule in the form with a live preview', async () => {
    await nav('Now');
    await page.getByRole('link', { name: 'New schedule' }).click();
    await page.getByLabel('Id', { exact: true }).fill('comms');
    await page.getByLabel('Name', { exact: true }).fill('Communications coordinator');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByLabel('Fallback person').selectOption({ label: 'Dana Director' });

    await fillLayer(layer(0), 'weekday', 'Weekday', ['Alice Adams', 'Bob Brown', 'Carol Chen']);
    await layer(0).getByLabel('Start (Europe/Berlin)').fill('2027-01-04T09:00');

    await page.getByRole('button', { name: 'Add layer' }).click();
    await fillLayer(layer(1), 'weekend', 'Weekend', ['Dave Diaz', 'Erin Evans']);
    await layer(1).getByLabel('Rotation', { exact: true }).selectOption({ label: 'Each weekend/holiday window' });
    await layer(1).getByLabel('Start (Europe/Berlin)').fill('2027-01-01T00:00');
    await layer(1).getByRole('button', { name: 'Add weekly span' }).click();
    await expect.poll(() => layer(1).getByLabel('From day').inputValue()).toBe('FR');

    await page.getByRole('button', { name: 'Add layer' }).click();
    await fillLayer(layer(2), 'holiday', 'Holidays', ['Frank Fischer']);
    await layer(2).getByLabel('Rotation', { exact: true }).selectOption({ label: 'Each weekend/holiday window' });
    await layer(2).getByLabel('Start (Europe/Berlin)').fill('2027-01-01T00:00');
    await layer(2).getByRole('button', { name: 'Add holiday calendar' }).click();
    await expect.poll(() => layer(2).getByLabel('Holiday calendar', { exact: true }).inputValue()).toBe('de-be');

    // The live preview of the unsaved form, moved to Easter 2027.
    await preview().getByLabel('Go to date').fill('2027-03-26');
    await preview().getByRole('button', { name: 'Two weeks' }).click();
    await preview().getByRole('button', { name: /^Final schedule: Frank Fischer/ }).first().waitFor();
    await preview().getByRole('button', { name: /^Weekend: Dave Diaz|^Weekend: Erin Evans/ }).first().waitFor();
    await preview().getByRole('button', { name: /^Weekday: (Alice|Bob|Carol)/ }).first().waitFor();
    await preview().scrollIntoViewIfNeeded();
    await shot('04-schedule-editor-preview');
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('05-schedule-editor-top');
    expectNoProblems();
  });

  it('shows a server validation error next to the field it names', async () => {
    const every = layer(0).getByLabel('Every (ISO-8601 duration)');
    await every.fill('P1X');
    const error = layer(0).locator('.field-error[data-path="/layers/0/rotation/every"]');
    await error.waitFor();
    expect(await every.getAttribute('aria-invalid')).toBe('true');
    await every.scrollIntoViewIfNeeded();
    await shot('06-validation-error');
    await every.fill('P1W');
    await error.waitFor({ state: 'detached' });
    expectNoProblems();
  });

  it('saves and shows Easter 2027 on the timeline', async () => {
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByRole('heading', { name: 'Communications coordinator' }).waitFor();
    await page.getByLabel('Go to date').fill('2027-03-26');
    await page.getByRole('button', { name: 'Two weeks' }).click();
    await page.getByText('Times in Europe/Berlin').waitFor();
    const goodFriday = page.getByRole('button', { name: /^Final schedule: Frank Fischer, Fri,? 26 Mar(,? 2027)?,? 00:00 – Sat,? 27 Mar(,? 2027)?,? 00:00/ });
    await goodFriday.waitFor();
    await page.getByRole('button', { name: /^Holidays: Frank Fischer/ }).first().waitFor();
    await shot('07-schedule-timeline-easter');
    expectNoProblems();
  });

  it('adds an override from the timeline with "Take this shift"', async () => {
    await page.getByRole('button', { name: /^Final schedule: Frank Fischer, Fri,? 26 Mar/ }).click();
    await page.getByRole('button', { name: 'Take this shift' }).click();
    const form = page.getByRole('form', { name: 'New override' });
    expect(await form.getByLabel('Start (Europe/Berlin)').inputValue()).toBe('2027-03-26T00:00');
    await form.getByLabel('Person').selectOption({ label: 'Bob Brown' });
    await form.getByLabel('Note').fill('Frank is travelling');
    await shot('08-override-form');
    await form.getByRole('button', { name: 'Add override' }).click();
    await page.getByRole('button', { name: /^Final schedule: Bob Brown, Fri,? 26 Mar(,? 2027)?,? 00:00 – Sat,? 27 Mar(,? 2027)?,? 00:00, override/ }).waitFor();
    await page.getByText('Frank is travelling').waitFor();
    await shot('09-timeline-with-override');
    expectNoProblems();
  });

  it('shows the gaps of a coverage refusal (409) on the preview', async () => {
    await page.getByRole('link', { name: 'Edit schedule' }).click();
    await page.getByLabel('Fallback person').selectOption({ label: 'No fallback' });
    await layer(0).getByRole('button', { name: 'Remove layer' }).click();
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved: the schedule would leave gaps' }).waitFor();
    await preview().getByRole('button', { name: /^Refused: gaps: Nobody \(gap\)/ }).first().waitFor();
    await preview().getByRole('button', { name: /^Final schedule: Nobody \(gap\)/ }).first().waitFor();
    await preview().getByText('from the unsaved form').waitFor();
    await preview().scrollIntoViewIfNeeded();
    await shot('10-coverage-refusal');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Communications coordinator', exact: true, level: 1 }).waitFor();
    expectNoProblems();
  });

  it('creates a calendar feed and copies its link', async () => {
    await page.getByRole('link', { name: 'Subscribe' }).click();
    await page.getByRole('heading', { name: 'Calendar feeds' }).waitFor();
    await expect.poll(() => page.getByLabel('Feed of').inputValue()).toBe('schedule:comms');
    await page.getByRole('button', { name: 'Create feed link' }).click();
    const link = page.getByLabel('Feed link', { exact: true });
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/^https?:\/\//);
    expect(await page.getByLabel('Calendar app link (webcal)').inputValue()).toMatch(/^webcal:\/\//);
    await page.getByRole('button', { name: 'Copy link', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).first().waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);
    await shot('11-feeds');
    expectNoProblems();
  });

  it('shows the Now page with the schedule', async () => {
    await nav('Now');
    await page.getByRole('link', { name: 'Communications coordinator' }).waitFor();
    await page.locator('.now-facts').waitFor();
    await shot('12-now');
    expectNoProblems();
  });

  it('builds an escalation chain and resolves who would be paged now', async () => {
    await nav('Escalation chains');
    await page.getByRole('button', { name: 'New chain' }).click();
    const form = page.getByRole('form', { name: 'New chain' });
    await form.getByLabel('Id').fill('mls-outage');
    await form.getByLabel('Name').fill('MLS outage');
    await form.getByRole('button', { name: 'Add target' }).click();
    await form.getByRole('button', { name: 'Add level' }).click();
    await form.getByRole('button', { name: 'Add target' }).nth(1).click();
    await form.getByLabel('Target 1', { exact: true }).nth(1).selectOption({ label: 'Dana Director' });
    await form.getByRole('button', { name: 'Save chain' }).click();
    await page.getByRole('heading', { name: 'Who would be paged now' }).waitFor();
    const paged = page.getByRole('region', { name: 'Who would be paged now' });
    await paged.getByText('Level 2').waitFor();
    await paged.getByText('Dana Director').first().waitFor();
    await paged.scrollIntoViewIfNeeded();
    await shot('13-escalation-chains');
    expectNoProblems();
  });

  it('creates an API token shown once, and a viewer user', async () => {
    await nav('API tokens');
    await page.getByLabel('Token name').fill('Alertmanager');
    await page.getByRole('button', { name: 'Create token' }).click();
    expect(await page.getByLabel('Token', { exact: true }).inputValue()).not.toBe('');
    await page.getByRole('cell', { name: 'Alertmanager', exact: true }).waitFor();
    await shot('14-api-tokens');

    await nav('Users');
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Name').fill('Vera Viewer');
    await form.getByLabel('Email').fill('vera@example.com');
    await form.getByLabel('Password').fill('a long viewer password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('cell', { name: 'vera@example.com', exact: true }).waitFor();
    await shot('15-users');
    expectNoProblems();
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    // The next person to sign in starts on Now, not on the page the last one left open.
    expect(await page.evaluate('location.hash')).toBe('#/');
    expectNoProblems();
  });

  it('serves the API documentation at /docs under the same security headers', async () => {
    await page.goto(`${base}/docs/`);
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(40);
    await shot('16-api-docs');
    expectNoProblems();
  });
});
