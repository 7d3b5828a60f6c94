/**
 * Every screen of the admin app at a 390 px phone and a 1280 px desktop (issue 18): the page never
 * scrolls sideways (wide tables scroll in their own box), axe-core finds nothing serious or
 * critical, nothing is logged to the console. Under ~800 px the main navigation collapses behind a
 * "Menu" button (aria-expanded, aria-controls) that opens it, and that closes after a page is
 * chosen and on Escape; on a desktop the links show without a button. The calendar feeds page
 * says how to subscribe in Google Calendar, Outlook and Apple Calendar, offers the webcal:// link,
 * and claims no https for a link served over plain http. A viewer gets the same menu, home on
 * My shifts. Screenshots: phone-<390|1280>-<screen>.png (look at them).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, apiCall, DESKTOP, HAS_CHROMIUM, PHONE, reveal, scrollsSideways, seriousAxeViolations, signInAt, startBrowserHarness, type BrowserHarness, tokenAt } from './harness.js';

const VERA = { name: 'Vera Viewer', email: 'vera@example.com', password: 'a long viewer password' };
/** A viewer no person has the email of: no shifts of their own. */
const WALT = { name: 'Walt Outsider', email: 'walt@example.com', password: 'another long password' };

/** A screen: where it is, and the level-1 heading that says it has loaded. */
interface Screen {
  name: string;
  hash: string;
  heading: string | RegExp;
  /** What to wait for beyond the heading (content loaded from the API), or to open (an editor). */
  ready?: (page: Page) => Promise<void>;
}

/** The editor's live preview, unfolded where a narrow screen folds it behind "Show preview". */
async function showPreview(page: Page): Promise<void> {
  const preview = page.getByText('from the unsaved form').first();
  await reveal(preview, page.getByRole('button', { name: 'Show preview' }));
  await preview.waitFor();
}

const SCREENS: Screen[] = [
  { name: 'now', hash: 'now', heading: 'On call now', ready: (p) => p.locator('.now-facts').first().waitFor() },
  { name: 'schedule', hash: 'schedules/comms', heading: 'Communications coordinator', ready: (p) => p.getByRole('table').first().waitFor() },
  { name: 'schedule-editor', hash: 'schedules/comms/edit', heading: 'Edit Communications coordinator', ready: showPreview },
  { name: 'my-shifts', hash: 'me', heading: 'My shifts', ready: (p) => p.locator('.shift-times').first().waitFor() },
  { name: 'post', hash: 'post', heading: 'Post an update', ready: (p) => p.getByRole('form', { name: 'Post an update' }).waitFor() },
  { name: 'people', hash: 'people', heading: 'People', ready: (p) => p.getByRole('cell', { name: 'Bartholomew Featherstonehaugh-Whittington', exact: true }).waitFor() },
  {
    name: 'holiday-calendars',
    hash: 'holiday-calendars',
    heading: 'Holiday calendars',
    ready: async (p) => {
      await p.getByRole('button', { name: 'Edit Berlin public holidays' }).click();
      await p.getByRole('cell', { name: /Christmas/ }).first().waitFor();
    },
  },
  {
    name: 'escalation-chains',
    hash: 'escalation-chains',
    heading: 'Escalation chains',
    ready: async (p) => {
      await p.getByRole('button', { name: 'Edit MLS outage' }).click();
      await p.getByRole('form', { name: 'Chain MLS outage' }).getByRole('group', { name: 'Level 2' }).waitFor();
    },
  },
  { name: 'feeds', hash: 'feeds', heading: 'Calendar feeds', ready: (p) => p.getByRole('cell', { name: /^Schedule: / }).first().waitFor() },
  { name: 'bulletin', hash: 'bulletin', heading: 'Outage bulletin', ready: (p) => p.getByText(/^No open incidents/).waitFor() },
  {
    name: 'notifications',
    hash: 'channels',
    heading: 'Notifications',
    ready: async (p) => {
      await p.getByRole('button', { name: 'Edit Ops phones' }).click();
      await p.getByRole('form', { name: 'Channel Ops phones' }).waitFor();
    },
  },
  { name: 'api-tokens', hash: 'api-tokens', heading: 'API tokens', ready: (p) => p.getByRole('cell', { name: 'alertmanager-production', exact: true }).waitFor() },
  { name: 'users', hash: 'users', heading: 'Users', ready: (p) => p.getByRole('cell', { name: VERA.email, exact: true }).waitFor() },
  { name: 'import', hash: 'import', heading: 'Import from another tool' },
  { name: 'password', hash: 'password', heading: 'Change password' },
];

describe.skipIf(!HAS_CHROMIUM)('Every screen at phone and desktop width', () => {
  let harness: BrowserHarness;
  let page: Page;
  let base: string;
  let adminToken: string;

  const admin = (method: string, path: string, body?: unknown) => apiCall(base, adminToken, method, path, body);
  const menuButton = () => page.getByRole('button', { name: 'Menu' });
  const mainNav = () => page.getByRole('navigation', { name: 'Main' });
  const navLink = (name: string) => mainNav().getByRole('link', { name, exact: true });
  const width = () => page.viewportSize()?.width ?? 0;

  /** What sticks out past the viewport's right edge, not clipped by a box of its own (for the failure message). */
  const stickingOut = () =>
    page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .filter((el) => { for (let a = el.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return false; return true; })
      .slice(0, 6)
      .map((el) => el.outerHTML.slice(0, 120))`);

  /** Nothing sideways, nothing serious for axe, nothing in the console; a screenshot to look at. */
  async function expectFits(name: string) {
    if (await scrollsSideways(page)) expect.fail(`${name} scrolls sideways at ${width()} px:\n${(await stickingOut()).join('\n')}`);
    expect(await seriousAxeViolations(page), `${name} at ${width()} px`).toEqual([]);
    await harness.shot(`${width()}-${name}`);
    harness.expectNoProblems();
  }

  async function open(screen: Screen) {
    await page.goto(`${base}/#/${screen.hash}`);
    await page.getByRole('heading', { name: screen.heading, level: 1 }).waitFor();
    await screen.ready?.(page);
  }

  beforeAll(async () => {
    harness = await startBrowserHarness({ shotPrefix: 'phone-' });
    ({ page, base } = harness);
    adminToken = await tokenAt(base);

    // Long names and emails, as real ones are: they must wrap or scroll in their box, not the page.
    for (const [id, name, email] of [
      ['ada', 'Ada Administrator', ADMIN.email],
      ['bart', 'Bartholomew Featherstonehaugh-Whittington', 'bartholomew.featherstonehaugh-whittington@communications.example.com'],
      ['carla', 'Carla Coordinator', 'carla@example.com'],
      ['vera', VERA.name, VERA.email],
    ]) {
      await admin('PUT', `/people/${id}`, { name, email, phone: '+49 30 1234 5678', timeZone: 'Europe/Berlin' });
    }
    await admin('PUT', '/holiday-calendars/de-be', { name: 'Berlin public holidays', region: 'DE-BE', include: [{ date: '2026-12-24', name: 'Christmas Eve' }] });
    await admin('PUT', '/schedules/comms', {
      name: 'Communications coordinator',
      timeZone: 'Europe/Berlin',
      fallback: 'ada',
      layers: [
        { id: 'weekly', name: 'Weekly', participants: ['bart', 'carla', 'vera', 'ada'], rotation: { every: 'P1W', start: '2026-01-05T09:00' } },
        { id: 'weekend', name: 'Weekend', participants: ['carla', 'vera'], rotation: { per: 'window', start: '2026-01-01T00:00' }, activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] } },
        { id: 'holidays', name: 'Holidays', participants: ['bart'], rotation: { per: 'window', start: '2026-01-01T00:00' }, activeWhen: { holidays: [{ calendar: 'de-be' }] } },
      ],
    });
    await admin('PUT', '/escalation-chains/mls-outage', {
      name: 'MLS outage',
      levels: [
        { targets: [{ schedule: 'comms' }], escalateAfterMinutes: 15 },
        { targets: [{ person: 'bart' }, { person: 'carla' }], escalateAfterMinutes: 30 },
      ],
    });
    await admin('POST', '/api-tokens', { name: 'alertmanager-production', scope: 'read' });
    await admin('POST', '/feeds', { schedule: 'comms' });
    await admin('PUT', '/channels/ops-phones', { name: 'Ops phones', kind: 'ntfy', url: 'https://ntfy.example.com/rota-ops', events: ['coverage.gap'] });
    await admin('PUT', '/components/forms', { name: 'Forms', alternatives: [{ name: 'Forms by phone', phone: '555-0100' }] });
    for (const user of [VERA, WALT]) await admin('POST', '/users', { ...user, role: 'viewer' });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('signs in at phone width', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(base);
    await page.getByLabel('Email').waitFor();
    await expectFits('sign-in');
    await signInAt(page, base, ADMIN);
    harness.expectNoProblems();
  });

  it('collapses the menu behind a button that opens it, and closes it on a choice and on Escape', async () => {
    const button = menuButton();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    const controls = await button.getAttribute('aria-controls');
    expect(controls).toBeTruthy();
    expect(await page.locator(`#${controls}`).count()).toBe(1);
    expect(await navLink('People').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
    // Closed, the bar is one short line.
    expect((await page.locator('.topbar').boundingBox())!.height).toBeLessThan(70);
    await harness.shot(`${width()}-menu-closed`);

    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await navLink('People').waitFor();
    expect(await navLink('Now').getAttribute('aria-current')).toBe('page');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await expectFits('menu-open');

    await page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await navLink('People').isVisible()).toBe(false);
    // Focus goes back to the button, not to the top of the page.
    expect(await page.evaluate<string | null>("document.activeElement.getAttribute('aria-controls')")).toBe(controls);

    await button.click();
    await navLink('People').click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await navLink('People').isVisible()).toBe(false);
    await button.click();
    expect(await navLink('People').getAttribute('aria-current')).toBe('page');
    // Choosing the page already shown closes the menu too.
    await navLink('People').click();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    harness.expectNoProblems();
  });

  for (const screen of SCREENS) {
    it(`fits ${screen.name} on a 390 px phone`, async () => {
      await page.setViewportSize(PHONE);
      await open(screen);
      await expectFits(screen.name);
    });
  }

  it('brings an editor opened below its list into view on a phone', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/#/escalation-chains`);
    await page.getByRole('button', { name: 'Edit MLS outage' }).click();
    const form = page.getByRole('form', { name: 'Chain MLS outage' });
    await form.waitFor();
    // Its top at the top of the screen (it starts ~230 px down, below the list, and would be left there).
    await expect.poll(async () => Math.abs((await form.boundingBox())!.y)).toBeLessThan(1);
    harness.expectNoProblems();
  });

  it('scrolls a wide table inside its own box, reachable by keyboard', async () => {
    await page.setViewportSize(PHONE);
    await open(SCREENS.find((s) => s.name === 'users')!);
    const box = page.locator('.table-scroll').filter({ has: page.getByRole('cell', { name: VERA.email, exact: true }) });
    await box.waitFor();
    const { scrollWidth, clientWidth, overflowX, tabIndex } = await page.evaluate<{ scrollWidth: number; clientWidth: number; overflowX: string; tabIndex: number }>(
      `(() => { const el = document.querySelector('.table-scroll'); return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, overflowX: getComputedStyle(el).overflowX, tabIndex: el.tabIndex }; })()`,
    );
    expect(overflowX).toBe('auto');
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    expect(tabIndex).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);
  });

  it('explains how to subscribe in each calendar app, with a webcal link and no https claim over http', async () => {
    await page.setViewportSize(PHONE);
    await open(SCREENS.find((s) => s.name === 'feeds')!);
    await page.getByLabel('Feed of').selectOption('schedule:comms');
    await page.getByRole('button', { name: 'Create feed link' }).click();
    const link = page.getByLabel('Feed link', { exact: true });
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/feeds\/.+\.ics$/);
    const main = page.getByRole('main');
    // The link is http (the origin the page is served on): nothing may call it https.
    expect(await page.getByLabel(/https/i).count()).toBe(0);
    await main.getByText(/calendar apps out on the internet need an https link/i).waitFor();

    const webcal = main.getByRole('link', { name: /Subscribe in Apple Calendar/ });
    expect(await webcal.getAttribute('href')).toBe(url.replace(/^http:/, 'webcal:'));

    const howTo = main.getByRole('region', { name: 'How to subscribe' });
    const google = howTo.getByRole('region', { name: 'Google Calendar' });
    await google.getByText(/Other calendars/).waitFor();
    await google.getByText(/From URL/).waitFor();
    await google.getByText(/12.24 hours/).waitFor();
    const outlook = howTo.getByRole('region', { name: 'Outlook' });
    await outlook.getByText(/Add calendar/).waitFor();
    await outlook.getByText(/Subscribe from web/).waitFor();
    const apple = howTo.getByRole('region', { name: 'Apple Calendar' });
    await apple.getByText(/File → New Calendar Subscription/).waitFor();
    await apple.getByText(/Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar/).waitFor();
    await howTo.getByText(/each calendar app decides how often/i).waitFor();
    await expectFits('feed-created');
    await apple.scrollIntoViewIfNeeded();
    await harness.shot(`${width()}-feeds-how-to`);
  });

  it('tells admins on Users that a viewer\'s feed and My shifts need a person with the same email', async () => {
    await open(SCREENS.find((s) => s.name === 'users')!);
    await page.getByRole('main').getByText(/needs a person with the same email/).waitFor();
    // Each user's person, or that none has their email.
    const row = (user: { email: string }) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: user.email, exact: true }) });
    // Her name, then her person's.
    await expect.poll(() => row(VERA).getByRole('cell', { name: 'Vera Viewer', exact: true }).count()).toBe(2);
    await row(WALT).getByRole('cell', { name: 'none with this email' }).waitFor();
    harness.expectNoProblems();
  });

  for (const screen of SCREENS) {
    it(`keeps ${screen.name} as good as before at desktop width, with the menu bar showing`, async () => {
      await page.setViewportSize(DESKTOP);
      await open(screen);
      expect(await menuButton().isVisible()).toBe(false);
      await navLink('People').waitFor();
      await expectFits(screen.name);
    });
  }

  it('gives a viewer the same menu at phone width, home on My shifts', async () => {
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAt(page, base, VERA);
    await page.getByRole('heading', { name: 'My shifts', level: 1 }).waitFor();
    await page.locator('.shift-times').first().waitFor();
    expect(await navLink('My shifts').isVisible()).toBe(false);
    await expectFits('viewer-my-shifts');
    await menuButton().click();
    expect(await navLink('My shifts').getAttribute('aria-current')).toBe('page');
    await expectFits('viewer-menu-open');
    await navLink('Calendar feeds').click();
    await page.getByRole('heading', { name: 'Calendar feeds', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'How to subscribe' }).waitFor();
    await expectFits('viewer-feeds');
  });
});
