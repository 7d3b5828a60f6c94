/**
 * "My shifts" in Chromium (spec §13): a viewer lands on it and finds their upcoming shifts in two
 * schedules, grouped by day under the schedules' names, the swap an admin made for them with what
 * the other person took in exchange, and adds and deletes their own time off, after which their
 * shifts follow (the rotation has `whenAway: "next"`). At 390 px nothing scrolls sideways and axe
 * finds nothing serious. A viewer whose email no person has is told why the page is empty.
 * The clocks are held at TEST_NOW (Mon 1 Jun 2026, 14:00 in Berlin). Screenshots: my-shifts-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, apiCall, DESKTOP, HAS_CHROMIUM, PHONE, scrollsSideways as scrollsSidewaysOf, seriousAxeViolations, signInAt, startBrowserHarness, type BrowserHarness, tokenAt } from './harness.js';

const VERA = { name: 'Vera Viewer', email: 'vera@example.com', password: 'a long viewer password' };
const WALT = { name: 'Walt Outsider', email: 'walt@example.com', password: 'another long password' };

describe.skipIf(!HAS_CHROMIUM)('My shifts in Chromium', () => {
  let harness: BrowserHarness;
  let page: Page;
  let base: string;
  let adminToken: string;

  const admin = (method: string, path: string, body?: unknown) => apiCall(base, adminToken, method, path, body);
  const shot = (name: string) => harness.shot(name);
  const expectNoProblems = () => harness.expectNoProblems();
  const main = () => page.getByRole('main');
  const upcoming = () => page.getByRole('region', { name: /^Upcoming shifts/ });
  /** The line of `schedule`'s shift on the day named like `day` in the upcoming list. */
  const shiftLine = (day: RegExp, schedule: string) => upcoming().getByRole('region', { name: day }).getByRole('listitem').filter({ hasText: schedule });
  const timesOn = (day: RegExp, schedule: string) => shiftLine(day, schedule).locator('.shift-times').textContent();
  const timeOff = () => page.getByRole('region', { name: 'Time off of Vera Viewer' });
  const scrollsSideways = () => scrollsSidewaysOf(page);

  const signIn = (user: { email: string; password: string }) => signInAt(page, base, user);

  beforeAll(async () => {
    harness = await startBrowserHarness({ shotPrefix: 'my-shifts-' });
    ({ page, base } = harness);
    adminToken = await tokenAt(base);

    for (const [id, name, email] of [
      ['alice', 'Alice Adams', 'alice@example.com'],
      ['bob', 'Bob Brown', 'bob@example.com'],
      ['vera', VERA.name, VERA.email],
    ]) {
      await admin('PUT', `/people/${id}`, { name, email, timeZone: 'Europe/Berlin' });
    }
    // Weekly handoffs on Mondays 09:00 Berlin; the week of TEST_NOW is handoff 21 of each rotation.
    // comms: alice 1 Jun, bob 8 Jun, vera 15 Jun, alice 22 Jun, bob 29 Jun, vera 6 Jul, …
    await admin('PUT', '/schedules/comms', {
      name: 'Communications coordinator',
      timeZone: 'Europe/Berlin',
      requireCoverage: false,
      layers: [{ id: 'weekly', participants: ['alice', 'bob', 'vera'], rotation: { every: 'P1W', start: '2026-01-05T09:00' }, whenAway: 'next' }],
    });
    // db: bob 1 Jun, vera 8 Jun, bob 15 Jun, vera 22 Jun, …
    await admin('PUT', '/schedules/db', {
      name: 'Database on-call',
      timeZone: 'Europe/Berlin',
      requireCoverage: false,
      layers: [{ id: 'weekly', participants: ['vera', 'bob'], rotation: { every: 'P1W', start: '2026-01-05T09:00' } }],
    });
    // Vera's comms week of 15 Jun traded for Bob's of 29 Jun.
    await admin('POST', '/schedules/comms/swaps', {
      a: { person: 'vera', start: '2026-06-15T07:00:00Z', end: '2026-06-22T07:00:00Z' },
      b: { person: 'bob', start: '2026-06-29T07:00:00Z', end: '2026-07-06T07:00:00Z' },
      note: 'Vera is at a wedding',
    });
    for (const user of [VERA, WALT]) await admin('POST', '/users', { ...user, role: 'viewer' });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('lands a viewer on My shifts, first in the navigation', async () => {
    await signIn(VERA);
    await page.getByRole('heading', { name: 'My shifts', level: 1 }).waitFor();
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toEqual(['My shifts', 'Now', 'People', 'Holiday calendars', 'Escalation chains', 'Calendar feeds', 'Bulletin']);
    expect(await page.getByRole('link', { name: 'My shifts' }).getAttribute('aria-current')).toBe('page');
    await main().getByText('Vera Viewer · times in Europe/Berlin').waitFor();
    expectNoProblems();
  });

  it('lists the upcoming shifts of both schedules by day, with the schedules\' names', async () => {
    await expect.poll(() => timesOn(/^Mon,? 8 Jun$/, 'Database on-call')).toMatch(/^09:00 – Mon,? 15 Jun,? 09:00$/);
    // Her comms week of 15 Jun went to Bob in the swap; she has Bob's of 29 Jun, marked as a swap.
    expect(await shiftLine(/^Mon,? 15 Jun$/, 'Communications coordinator').count()).toBe(0);
    await shiftLine(/^Mon,? 29 Jun$/, 'Communications coordinator').getByText('swap', { exact: true }).waitFor();
    expect(await shiftLine(/^Mon,? 29 Jun$/, 'Database on-call').count()).toBe(0);
    await expect.poll(() => timesOn(/^Mon,? 6 Jul$/, 'Communications coordinator')).toMatch(/^09:00 – Mon,? 13 Jul,? 09:00$/);
    // Eight weeks from now is Mon 27 Jul 14:00: her week starting then is cut there.
    await expect.poll(() => timesOn(/^Mon,? 27 Jul$/, 'Communications coordinator')).toBe('09:00 – 14:00');
    expect(await upcoming().getByRole('region', { name: /Aug$/ }).count()).toBe(0);
    expectNoProblems();
  });

  it('shows the swap with what the other person took in exchange', async () => {
    const swaps = page.getByRole('region', { name: 'Swaps' });
    await swaps.getByText(/you cover Mon,? 29 Jun,? 09:00 – Mon,? 6 Jul,? 09:00/).waitFor();
    await swaps.getByText(/^Bob Brown covers Mon,? 15 Jun,? 09:00 – Mon,? 22 Jun,? 09:00 for you$/).waitFor();
    await shot('01-my-shifts');
    expectNoProblems();
  });

  it('adds time off, and the next person covers that part of her week', async () => {
    await timeOff().getByText('No time off planned.').waitFor();
    const form = page.getByRole('form', { name: 'Add time off' });
    await form.getByLabel('Away from (Europe/Berlin)').fill('2026-07-08T00:00');
    await form.getByLabel('Back at (Europe/Berlin)').fill('2026-07-10T00:00');
    await form.getByLabel('Note').fill('Dentist');
    await form.getByRole('button', { name: 'Add time off' }).click();
    await timeOff().getByText(/^Wed,? 8 Jul,? 00:00 – Fri,? 10 Jul,? 00:00$/).waitFor();
    await timeOff().getByText('Dentist').waitFor();
    const stored = await admin('GET', '/people/vera/time-off?from=2026-06-01T00:00:00Z&to=2027-06-01T00:00:00Z');
    expect(stored.timeOff.map((t: { start: string; end: string; note: string }) => [t.start, t.end, t.note])).toEqual([
      ['2026-07-07T22:00:00.000Z', '2026-07-09T22:00:00.000Z', 'Dentist'],
    ]);
    // Her comms week of 6 Jul is cut at the time off and she is back on from Fri 10 Jul 00:00;
    // the database layer keeps her on (its default), so that week stays whole.
    await expect.poll(() => timesOn(/^Mon,? 6 Jul$/, 'Communications coordinator')).toMatch(/^09:00 – Wed,? 8 Jul,? 00:00$/);
    await expect.poll(() => timesOn(/^Fri,? 10 Jul$/, 'Communications coordinator')).toMatch(/^00:00 – Mon,? 13 Jul,? 09:00$/);
    expect(await timesOn(/^Mon,? 6 Jul$/, 'Database on-call')).toMatch(/^09:00 – Mon,? 13 Jul,? 09:00$/);
    // The form starts afresh.
    expect(await form.getByLabel('Note').inputValue()).toBe('');
    await shot('02-time-off-added');
    expectNoProblems();
  });

  it('has no sideways scroll and nothing serious for axe on a 390 px phone', async () => {
    await page.setViewportSize(PHONE);
    await page.getByRole('heading', { name: 'My shifts', level: 1 }).waitFor();
    expect(await scrollsSideways()).toBe(false);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot('03-phone');
    await page.setViewportSize(DESKTOP);
    expectNoProblems();
  });

  it('deletes the time off, and her week is whole again', async () => {
    await timeOff().getByRole('button', { name: /^Delete time off Wed,? 8 Jul/ }).click();
    await timeOff().getByRole('button', { name: /^Confirm delete time off Wed,? 8 Jul/ }).click();
    await timeOff().getByText('No time off planned.').waitFor();
    expect((await admin('GET', '/people/vera/time-off?from=2026-06-01T00:00:00Z&to=2027-06-01T00:00:00Z')).timeOff).toEqual([]);
    await expect.poll(() => timesOn(/^Mon,? 6 Jul$/, 'Communications coordinator')).toMatch(/^09:00 – Mon,? 13 Jul,? 09:00$/);
    expect(await upcoming().getByRole('region', { name: /^Fri,? 10 Jul$/ }).count()).toBe(0);
    expectNoProblems();
  });

  it('tells a viewer whose email no person has why there is nothing to show', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(WALT);
    await page.getByRole('heading', { name: 'My shifts', level: 1 }).waitFor();
    await page.getByRole('alert').filter({ hasText: `No person in Rota has your email (${WALT.email})` }).waitFor();
    expect(await page.getByRole('region', { name: /^Upcoming shifts/ }).count()).toBe(0);
    await shot('04-no-person');
    expectNoProblems();
  });

  it('gives an admin without a person the "Now" page at home, and no "My shifts" link', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(ADMIN);
    await page.getByRole('heading', { name: 'On call now' }).waitFor();
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).not.toContain('My shifts');
    expect(links[0]).toBe('Now');
    expectNoProblems();
  });
});
