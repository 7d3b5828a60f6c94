/**
 * End-to-end test of the web app as a viewer: the admin seeds people, the Berlin holiday calendar,
 * a schedule (with an override), an escalation chain and two viewer users through the HTTP API;
 * then a viewer signs in and finds every page read-only, the admin-only pages closed, and may
 * subscribe only to their own shifts. Screenshots go to test/screenshots/viewer-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW } from '../clock.js';
import { ADMIN, HAS_CHROMIUM, startBrowserHarness, type BrowserHarness, apiCall } from './harness.js';

const VIEWER = { name: 'Vera Viewer', email: 'vera@example.com', password: 'a long viewer password' };
/** A viewer whose email no person has: nothing of theirs to subscribe to. */
const STRANGER = { name: 'Walt Outsider', email: 'walt@example.com', password: 'another long password' };
const HOUR = 3_600_000;

describe.skipIf(!HAS_CHROMIUM)('web app as a viewer in Chromium', () => {
  let harness: BrowserHarness;
  let page: Page;
  let base: string;

  /** A request to the API as `token`; fails the test unless it succeeds. */
  const call = (token: string, method: string, path: string, body?: unknown) => apiCall(base, token, method, path, body);

  beforeAll(async () => {
    harness = await startBrowserHarness({ shotPrefix: 'viewer-' });
    ({ page, base } = harness);

    // Seed as the admin, with an admin-scoped API token.
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const session = ((await login.json()) as { token: string }).token;
    const { token } = await call(session, 'POST', '/api-tokens', { name: 'seed', scope: 'admin' });

    const people: [string, string, string][] = [
      ['alice', 'Alice Adams', 'alice@example.com'],
      ['bob', 'Bob Brown', 'bob@example.com'],
      ['vera', VIEWER.name, VIEWER.email.toUpperCase()], // the viewer's own person: emails match case-insensitively
      ['director', 'Dana Director', 'director@example.com'],
    ];
    for (const [id, name, email] of people) await call(token, 'PUT', `/people/${id}`, { name, email, timeZone: 'Europe/Berlin' });
    await call(token, 'PUT', '/holiday-calendars/de-be', { name: 'Berlin public holidays', region: 'DE-BE' });
    await call(token, 'PUT', '/schedules/comms', {
      name: 'Communications coordinator',
      timeZone: 'Europe/Berlin',
      fallback: 'director',
      layers: [
        { id: 'weekdays', name: 'Weekdays', participants: ['alice', 'bob', 'vera'], rotation: { every: 'P1W', start: '2026-01-05T09:00' } },
        {
          id: 'weekend',
          name: 'Weekend and holidays',
          participants: ['bob', 'alice'],
          rotation: { per: 'window', start: '2026-01-01T00:00' },
          activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }], holidays: [{ calendar: 'de-be' }] },
        },
      ],
    });
    const start = TEST_NOW + 2 * HOUR; // two hours after the held clocks' now
    await call(token, 'POST', '/schedules/comms/overrides', {
      person: 'director',
      start: new Date(start).toISOString(),
      end: new Date(start + 8 * HOUR).toISOString(),
      note: 'Dana covers the offsite',
    });
    await call(token, 'PUT', '/escalation-chains/mls-outage', {
      name: 'MLS outage',
      levels: [
        { targets: [{ schedule: 'comms' }], escalateAfterMinutes: 15 },
        { targets: [{ person: 'director' }], escalateAfterMinutes: 30 },
      ],
    });
    for (const user of [VIEWER, STRANGER]) await call(token, 'POST', '/users', { ...user, role: 'viewer' });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  const shot = (name: string) => harness.shot(name);
  const nav = (name: string) => harness.nav(name);
  const expectNoProblems = () => harness.expectNoProblems();
  const main = () => page.getByRole('main');
  /** How many buttons or links in the main area are named like `name`. */
  const controls = async (name: RegExp) => (await main().getByRole('button', { name }).count()) + (await main().getByRole('link', { name }).count());

  async function signIn(user: { email: string; password: string }) {
    await expect.poll(() => page.getByLabel('Email').isVisible()).toBe(true);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
  }

  it('signs in as a viewer, landing on My shifts, without links to the admin-only pages', async () => {
    await page.goto(base);
    await signIn(VIEWER);
    await shot('01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My shifts' }).waitFor();
    await page.locator('.who').getByText('viewer').waitFor();
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toEqual(['My shifts', 'Now', 'People', 'Holiday calendars', 'Escalation chains', 'Calendar feeds', 'Bulletin']);
    expectNoProblems();
  });

  it('shows the schedule on the Now page, without "New schedule"', async () => {
    await nav('Now');
    await page.getByRole('heading', { name: 'On call now' }).waitFor();
    await page.getByRole('link', { name: 'Communications coordinator' }).waitFor();
    await page.locator('.now-facts').waitFor();
    expect(await controls(/New schedule/)).toBe(0);
    await shot('02-now');
    expectNoProblems();
  });

  it('shows the schedule timeline without edit, delete or override controls', async () => {
    await page.getByRole('link', { name: 'Communications coordinator' }).click();
    await page.getByRole('heading', { name: 'Communications coordinator' }).waitFor();
    await page.getByText('Times in Europe/Berlin').waitFor();
    await page.getByRole('button', { name: /^Final schedule: Dana Director, .*override/ }).first().waitFor();
    await page.getByRole('button', { name: /^Weekdays: (Alice Adams|Bob Brown|Vera Viewer)/ }).first().waitFor();
    await page.getByText('Dana covers the offsite').waitFor();
    await page.getByRole('region', { name: /^Coverage and fairness/ }).waitFor();
    expect(await controls(/Add override|Edit schedule|Delete|Remove/)).toBe(0);
    expect(await page.getByRole('link', { name: 'Subscribe' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: /^Final schedule: / }).first().click();
    const details = page.getByRole('region', { name: 'Selected shift' });
    await details.getByRole('button', { name: 'Close details' }).waitFor();
    expect(await details.getByRole('button', { name: /Take this shift|Swap/ }).count()).toBe(0);
    await shot('03-schedule');
    await details.getByRole('button', { name: 'Close details' }).click();
    expectNoProblems();
  });

  it('lists people read-only', async () => {
    await nav('People');
    await page.getByRole('cell', { name: VIEWER.name, exact: true }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(4);
    expect(await controls(/Add person|Edit|Delete/)).toBe(0);
    await shot('04-people');
    expectNoProblems();
  });

  it('shows holiday calendars read-only', async () => {
    await nav('Holiday calendars');
    await page.getByRole('button', { name: 'View Berlin public holidays' }).click();
    const form = page.getByRole('form', { name: 'Calendar Berlin public holidays' });
    await form.getByLabel('Year', { exact: true }).selectOption('2027');
    await form.getByRole('cell', { name: 'Fri 26 Mar' }).waitFor();
    expect(await form.getByLabel('Name').isDisabled()).toBe(true);
    expect(await controls(/New calendar|Edit|Delete|Save calendar|Exclude|^Add|^Remove/)).toBe(0);
    await shot('05-holiday-calendars');
    expectNoProblems();
  });

  it('shows escalation chains read-only, with who would be paged now', async () => {
    await nav('Escalation chains');
    await page.getByRole('button', { name: 'View MLS outage' }).click();
    const form = page.getByRole('form', { name: 'Chain MLS outage' });
    const paged = form.getByRole('region', { name: 'Who would be paged now' });
    await paged.getByText('Level 2').waitFor();
    await paged.getByText('Dana Director').first().waitFor();
    expect(await form.getByLabel('Name').isDisabled()).toBe(true);
    expect(await controls(/New chain|Edit|Delete|Save chain|^Add|^Remove/)).toBe(0);
    await shot('06-escalation-chains');
    expectNoProblems();
  });

  for (const [path, title, screenshot] of [
    ['users', 'Users', '07-users-admins-only'],
    ['api-tokens', 'API tokens', '08-api-tokens-admins-only'],
  ] as const) {
    it(`answers #/${path} with "admins only", asking the server nothing`, async () => {
      await page.goto(`${base}/#/${path}`);
      await page.getByRole('heading', { name: title }).waitFor();
      await main().getByText(`${title} are for admins only`).waitFor();
      expect(await main().locator('form, table').count()).toBe(0);
      await shot(screenshot);
      expectNoProblems();
    });
  }

  it('subscribes only to the viewer\'s own shifts, and copies the link', async () => {
    // "Subscribe" on a schedule preselects it for admins; a viewer still gets their own person.
    await page.goto(`${base}/#/schedules/comms`);
    await page.getByRole('link', { name: 'Subscribe' }).click();
    await page.getByRole('heading', { name: 'Calendar feeds' }).waitFor();
    const feedOf = page.getByLabel('Feed of');
    await expect.poll(() => feedOf.inputValue()).toBe('person:vera');
    expect(await feedOf.locator('option').allTextContents()).toEqual(['Vera Viewer (you)']);
    await page.getByText('You have no feed links yet.').waitFor();

    await page.getByRole('button', { name: 'Create feed link' }).click();
    const link = page.getByLabel('Feed link', { exact: true });
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/^https?:\/\/.*\/feeds\/.*\.ics$/);
    await page.getByRole('button', { name: 'Copy link', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).first().waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);
    const feedsCard = page.getByRole('region', { name: 'Feed links' });
    await feedsCard.getByRole('cell', { name: `Person: ${VIEWER.name}` }).waitFor();
    await shot('09-feeds');

    const ics = await fetch(url);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
    expectNoProblems();
  });

  it('revokes their own feed', async () => {
    const feedsCard = page.getByRole('region', { name: 'Feed links' });
    await feedsCard.getByRole('button', { name: 'Revoke feed link' }).click();
    await feedsCard.getByRole('button', { name: 'Confirm revoke feed link' }).click();
    await feedsCard.getByText('You have no feed links yet.').waitFor();
    expectNoProblems();
  });

  it('tells a viewer whose email no person has that there is nothing to subscribe to', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(STRANGER);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await nav('Calendar feeds');
    await page.getByRole('heading', { name: 'Calendar feeds' }).waitFor();
    await page.getByRole('alert').filter({ hasText: `No person in Rota has your email (${STRANGER.email})` }).waitFor();
    expect(await page.getByRole('button', { name: 'Create feed link' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Feed of').isDisabled()).toBe(true);
    await shot('10-feeds-no-person');
    expectNoProblems();
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expectNoProblems();
  });
});
