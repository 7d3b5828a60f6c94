/**
 * The outage bulletin in the web app (spec §15), in Chromium against the real server: an admin sets
 * the bulletin's coordinator schedule and adds a component with an alternative; the viewer on call
 * for that schedule posts a new incident from a 390 px phone screen (no sideways scrolling, no
 * serious axe violations) and finds it on /status; each further update starts from the last message;
 * a viewer not on call is not offered the screen and is told why at its address; after a handoff,
 * the previous coordinator's post is refused with a clear 403, their text kept. Screenshots: bulletin-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW } from '../clock.js';
import { ADMIN, apiCall, DESKTOP, HAS_CHROMIUM, PHONE, scrollsSideways as scrollsSidewaysOf, seriousAxeViolations, SHOTS, signInAt, startBrowserHarness, type BrowserHarness, tokenAt } from './harness.js';

/** On call for "comms" at TEST_NOW (Mon 1 Jun 2026, 14:00 in Berlin: week 21 of the rotation, her turn). */
const VERA = { name: 'Vera Viewer', email: 'vera@example.com', password: 'a long viewer password' };
/** A viewer whose person is in no rotation. */
const WALT = { name: 'Walt Outsider', email: 'walt@example.com', password: 'another long password' };
const MINUTE = 60_000;

const TITLE = 'Listing search is down';
const FIRST = 'Listing search fails for everyone. Search through your broker website meanwhile.';
const SECOND = `${FIRST}\nCause found: the search index host is out of disk.`;

describe.skipIf(!HAS_CHROMIUM)('the outage bulletin in Chromium', () => {
  let harness: BrowserHarness;
  let page: Page;
  let base: string;
  let adminToken: string;
  /** The incident Vera posts. */
  let incidentId: string;

  const admin = (method: string, path: string, body?: unknown) => apiCall(base, adminToken, method, path, body);
  const shot = (name: string) => harness.shot(name);
  const expectNoProblems = () => harness.expectNoProblems();
  // Hidden too: on a phone the links are folded behind the "Menu" button.
  const navLinks = () => page.getByRole('navigation', { name: 'Main', includeHidden: true }).getByRole('link', { includeHidden: true }).allTextContents();
  const scrollsSideways = () => scrollsSidewaysOf(page);
  const postForm = () => page.getByRole('form', { name: 'Post an update' });

  const signIn = (user: { email: string; password: string }) => signInAt(page, base, user);

  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  }

  beforeAll(async () => {
    harness = await startBrowserHarness({
      shotPrefix: 'bulletin-',
      // The previous coordinator's post after the handoff, refused on purpose.
      expectedHttpErrors: [{ path: /^\/api\/v1\/incidents\/inc-[0-9a-f]+\/updates$/, status: 403 }],
    });
    ({ page, base } = harness);
    adminToken = await tokenAt(base);
    for (const [id, name, email] of [
      ['alice', 'Alice Adams', 'alice@example.com'],
      ['vera', VERA.name, VERA.email],
      ['walt', WALT.name, WALT.email],
    ]) {
      await admin('PUT', `/people/${id}`, { name, email, timeZone: 'Europe/Berlin' });
    }
    await admin('PUT', '/schedules/comms', {
      name: 'Communications coordinator',
      timeZone: 'Europe/Berlin',
      layers: [{ id: 'weekly', participants: ['alice', 'vera'], rotation: { every: 'P1W', start: '2026-01-05T09:00' } }],
    });
    await admin('PUT', '/schedules/ops', {
      name: 'Operations',
      timeZone: 'Europe/Berlin',
      layers: [{ id: 'weekly', participants: ['walt'], rotation: { every: 'P1W', start: '2026-01-05T09:00' } }],
    });
    expect((await admin('GET', '/schedules/comms/oncall')).person.id).toBe('vera');
    await admin('PUT', '/components/forms', { name: 'Forms', alternatives: [{ name: 'Forms by phone', phone: '555-0100' }] });
    for (const user of [VERA, WALT]) await admin('POST', '/users', { ...user, role: 'viewer' });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('an admin sets the bulletin: title, coordinator schedule, about', async () => {
    await signIn(ADMIN);
    await harness.nav('Bulletin');
    await page.getByRole('navigation', { name: 'Bulletin' }).getByRole('link', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Bulletin settings' });
    await form.getByLabel('Title').fill('Acme Realty status');
    await form.getByLabel('Coordinator schedule').selectOption({ label: 'Communications coordinator' });
    await form.getByLabel('About').fill('Outages of Acme systems, and what to use meanwhile.');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await form.getByText('On duty now: Vera Viewer.').waitFor();
    await shot('01-settings');

    const bulletin = await admin('GET', '/bulletin');
    expect(bulletin).toMatchObject({ title: 'Acme Realty status', coordinatorSchedule: 'comms', showCoordinator: true, coordinator: { id: 'vera', name: VERA.name } });
    expectNoProblems();
  });

  it('an admin adds a component with an alternative', async () => {
    await page.getByRole('navigation', { name: 'Bulletin' }).getByRole('link', { name: 'Components' }).click();
    await page.getByRole('button', { name: 'New component' }).click();
    const form = page.getByRole('form', { name: 'New component' });
    await form.getByLabel('Id').fill('listing-search');
    await form.getByLabel('Name').fill('Listing search');
    await form.getByRole('button', { name: 'Add alternative' }).click();
    const alternative = form.getByRole('group', { name: 'Alternative 1' });
    await alternative.getByLabel('Name').fill('Broker website');
    await alternative.getByLabel('URL').fill('https://broker.example.com/search');
    await alternative.getByLabel('Note').fill('Searches the same listings.');
    await form.getByRole('button', { name: 'Create component' }).click();
    // Saved, the editor stays open on it, the list has it.
    await page.getByRole('form', { name: 'Component Listing search' }).waitFor();
    await page.getByRole('region', { name: 'Components' }).getByRole('listitem').filter({ hasText: 'Listing search' }).getByText('Operational · 1 alternative').waitFor();
    await shot('02-component');

    expect(await admin('GET', '/components/listing-search')).toMatchObject({
      name: 'Listing search',
      status: 'operational',
      alternatives: [{ name: 'Broker website', url: 'https://broker.example.com/search', note: 'Searches the same listings.' }],
    });
    await signOut();
    expectNoProblems();
  });

  it('a viewer not on call is not offered the screen, and is told why at its address', async () => {
    await signIn(WALT);
    await page.goto(`${base}/#/post`);
    const refusal = page.getByRole('alert').filter({ hasText: 'You may not post to the outage bulletin now (403 Forbidden).' });
    await refusal.getByText('The coordinator on duty now is Vera Viewer.').waitFor();
    // Asked only now: the menu follows GET /bulletin, which has answered once the refusal shows.
    expect(await navLinks()).not.toContain('Post an update');
    expect(await navLinks()).toContain('Bulletin');
    expect(await page.getByRole('form', { name: 'Post an update' }).count()).toBe(0);
    await shot('03-not-on-call');
    await signOut();
    expectNoProblems();
  });

  it('the viewer on call posts a new incident from a phone', async () => {
    await page.setViewportSize(PHONE);
    await signIn(VERA);
    await expect.poll(navLinks).toContain('Post an update');
    await harness.nav('Post an update');
    const form = postForm();
    // No open incident: a new one, and its title and impact are asked for.
    expect(await form.getByRole('radio', { name: 'New incident' }).isChecked()).toBe(true);
    await form.getByLabel('Title').fill(TITLE);
    await form.getByRole('radio', { name: 'Major', exact: true }).check();
    expect(await form.getByRole('radio', { name: 'Investigating', exact: true }).isChecked()).toBe(true);
    await form.getByLabel('Listing search', { exact: true }).selectOption({ label: 'Major outage' });
    expect(await form.getByLabel('Forms', { exact: true }).inputValue()).toBe('');
    expect(await form.getByLabel('Message').inputValue()).toBe('');
    await form.getByLabel('Message').fill(FIRST);
    await form.getByRole('radio', { name: '+30 min' }).check();
    await form.getByText(/^Next update due by Mon,? 1 Jun 2026, 14:30 \(Europe\/Berlin\)$/).waitFor();
    expect(await scrollsSideways()).toBe(false);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot('04-phone-new-incident');
    await page.screenshot({ path: join(SHOTS, 'bulletin-04b-phone-new-incident-full.png'), fullPage: true });

    await form.getByRole('button', { name: 'Post new incident' }).click();
    await page.getByRole('heading', { name: 'Update posted' }).waitFor();
    const statusLink = page.getByRole('link', { name: 'See it on the status page' });
    const link = await statusLink.getAttribute('href');
    expect(link).toMatch(/^\/status#inc-[0-9a-f]{12}$/);
    incidentId = link!.split('#')[1]!;
    expect(await scrollsSideways()).toBe(false);
    await shot('05-phone-posted');

    const incident = await admin('GET', `/incidents/${incidentId}`);
    expect(incident).toMatchObject({
      title: TITLE,
      status: 'investigating',
      impact: 'major',
      components: { 'listing-search': 'major_outage' },
      nextUpdateBy: new Date(TEST_NOW + 30 * MINUTE).toISOString(),
      updates: [{ status: 'investigating', message: FIRST }],
    });
    expectNoProblems();
  });

  it('the incident is on /status, with the alternative of what is down', async () => {
    await page.getByRole('link', { name: 'See it on the status page' }).click();
    await page.waitForURL(`${base}/status#${incidentId}`);
    await page.getByText(TITLE).first().waitFor();
    await page.getByText(FIRST).first().waitFor();
    await page.getByText('Broker website').first().waitFor();
    expect(await scrollsSideways()).toBe(false);
    await shot('06-phone-status-page');
    expectNoProblems();
  });

  it('the next update starts from the last message, and so does the one after', async () => {
    await page.goto(`${base}/#/bulletin`);
    await harness.nav('Post an update');
    let form = postForm();
    // The open incident is chosen, its status and components as they are, its message to edit.
    expect(await form.getByRole('radio', { name: new RegExp(`^${TITLE}`) }).isChecked()).toBe(true);
    expect(await form.getByLabel('Message').inputValue()).toBe(FIRST);
    expect(await form.getByLabel('Listing search', { exact: true }).inputValue()).toBe('major_outage');
    expect(await form.getByRole('radio', { name: 'Investigating', exact: true }).isChecked()).toBe(true);
    expect(await form.getByLabel('Title').count()).toBe(0);
    await form.getByRole('radio', { name: 'Identified', exact: true }).check();
    await form.getByLabel('Message').fill(SECOND);
    await form.getByRole('radio', { name: '+1 h' }).check();
    await form.getByRole('button', { name: 'Post update' }).click();
    await page.getByRole('heading', { name: 'Update posted' }).waitFor();

    await page.getByRole('button', { name: 'Post another update' }).click();
    form = postForm();
    expect(await form.getByLabel('Message').inputValue()).toBe(SECOND);
    expect(await form.getByRole('radio', { name: 'Identified', exact: true }).isChecked()).toBe(true);
    await shot('07-phone-prefilled');

    const incident = await admin('GET', `/incidents/${incidentId}`);
    expect(incident.updates.map((u: { message: string; status: string }) => [u.status, u.message])).toEqual([
      ['identified', SECOND],
      ['investigating', FIRST],
    ]);
    expect(incident.nextUpdateBy).toBe(new Date(TEST_NOW + 60 * MINUTE).toISOString());
    expectNoProblems();
  });

  it('the incidents page shows the updates newest first, at phone width', async () => {
    await harness.nav('Bulletin');
    const updates = page.getByRole('list', { name: `Updates of ${TITLE}` }).getByRole('listitem');
    await expect.poll(() => updates.count()).toBe(2);
    expect(await updates.first().innerText()).toContain('Cause found');
    expect(await updates.first().innerText()).toContain('Identified');
    expect(await scrollsSideways()).toBe(false);
    await shot('08-phone-incidents');
    expectNoProblems();
  });

  it('after the handoff the previous coordinator is refused with a clear 403, their text kept', async () => {
    await harness.nav('Post an update');
    const form = postForm();
    const third = 'Monitoring: search is back for most offices.';
    await form.getByLabel('Message').fill(third);
    // Alice takes over from now on.
    await admin('POST', '/schedules/comms/overrides', {
      person: 'alice',
      start: new Date(TEST_NOW - 60 * MINUTE).toISOString(),
      end: new Date(TEST_NOW + 8 * 60 * MINUTE).toISOString(),
    });
    await form.getByRole('button', { name: 'Post update' }).click();
    await form.getByRole('alert').filter({ hasText: 'Not posted: you may no longer post (403 Forbidden).' }).waitFor();
    expect(await form.getByLabel('Message').inputValue()).toBe(third);
    // The bulletin is asked again: the screen leaves the navigation.
    await expect.poll(navLinks).not.toContain('Post an update');
    await shot('09-phone-after-handoff');

    expect((await admin('GET', `/incidents/${incidentId}`)).updates).toHaveLength(2);
    await page.setViewportSize(DESKTOP);
    expectNoProblems();
  });
});
