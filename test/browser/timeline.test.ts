/**
 * A timeline that explains itself (issue 18), in Chromium at 1280×860 and 390×844: holiday days
 * marked with their names; the week's first piece (a shift begun the week before) labelled; a
 * one-hour shift in the month view reachable by a finger and explained by a tap; a day view
 * with hour ticks; the "now" line where TEST_NOW is; no blank row for a layer a later save
 * removed; dates that follow the browser's locale (en-US: month before day); schedule names, not
 * ids, in escalation chains. Clocks held at TEST_NOW (Mon 1 Jun 2026, 14:00 in Berlin).
 * Screenshots: timeline-*.png.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movableClock, TEST_NOW } from '../clock.js';
import { ADMIN, apiCall, DESKTOP, HAS_CHROMIUM, PHONE, reveal, scrollsSideways, seriousAxeViolations, SHOTS, startBrowserHarness, type BrowserHarness, tokenAt } from './harness.js';

const HOUR = 3_600_000;
/** Mon 1 Jun 2026 00:00 in Berlin: the start of the week TEST_NOW is in. */
const WEEK_START = Date.parse('2026-05-31T22:00:00Z');

describe.skipIf(!HAS_CHROMIUM)('the timeline in Chromium', () => {
  let harness: BrowserHarness;
  let page: Page;
  let base: string;
  let adminToken: string;

  const admin = (method: string, path: string, body?: unknown) => apiCall(base, adminToken, method, path, body);
  const timeline = (p: Page = page) => p.getByRole('group', { name: /^Timeline .* \(.+\)$/ });
  const finalPiece = (name: RegExp, p: Page = page) => timeline(p).getByRole('button', { name });
  const chooseView = (view: string, p: Page = page) => p.getByRole('group', { name: 'Timeline view' }).getByRole('button', { name: view, exact: true }).click();
  const openComms = async (p: Page = page) => {
    await p.goto(`${base}/#/schedules/comms`);
    await p.getByRole('heading', { name: 'Communications coordinator', level: 1 }).waitFor();
    await finalPiece(/^Final schedule: Alice Adams, /, p).first().waitFor();
  };
  /** At both widths: no sideways scroll, nothing serious for axe, a screenshot each (looked at). */
  const checkBothWidths = async (name: string, shown: Locator = timeline()) => {
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(150);
      // A phone folds the editor's live preview behind this button.
      await reveal(shown, page.getByRole('button', { name: 'Show preview' }));
      await shown.scrollIntoViewIfNeeded();
      await harness.shot(`${name}-${size}`);
      expect(await scrollsSideways(page), `${name} scrolls sideways at ${size}`).toBe(false);
      expect(await seriousAxeViolations(page), `${name} at ${size}`).toEqual([]);
    }
    await page.setViewportSize(DESKTOP);
  };

  /** Signs in at `origin` (signInAt gives a page loading a build for the first time too little time). */
  const signIn = async (p: Page, origin: string) => {
    await p.goto(origin);
    await p.getByLabel('Email').fill(ADMIN.email);
    await p.getByLabel('Password').fill(ADMIN.password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { name: 'On call now', level: 1 }).waitFor();
  };
  /** Another signed-in page, e.g. in another locale or with a touch screen; its console errors are returned by `problems`. */
  const otherContext = async (options: { locale: string; viewport: typeof DESKTOP; hasTouch?: boolean }) => {
    const context: BrowserContext = await harness.browser.newContext({ ...options, timezoneId: 'America/New_York' });
    await context.clock.setFixedTime(TEST_NOW);
    const other = await context.newPage();
    other.setDefaultTimeout(10_000);
    const seen: string[] = [];
    other.on('pageerror', (e) => seen.push(e.message));
    other.on('console', (m) => m.type() === 'error' && seen.push(m.text()));
    await signIn(other, base);
    return { context, page: other, problems: () => seen };
  };

  beforeAll(async () => {
    harness = await startBrowserHarness({ shotPrefix: 'timeline-' });
    ({ page, base } = harness);
    adminToken = await tokenAt(base);
    for (const [id, name] of [
      ['alice', 'Alice Adams'],
      ['bob', 'Bob Brown'],
      ['carol', 'Carol Chen'],
      ['director', 'Dana Director'],
    ]) {
      await admin('PUT', `/people/${id}`, { name, timeZone: 'Europe/Berlin' });
    }
    await admin('PUT', '/holiday-calendars/company', { name: 'Company days', include: [{ date: '2026-06-03', name: 'Company anniversary' }] });
    // Mondays 09:00: carol's week runs into Mon 1 Jun 09:00, then alice's; bob covers the company's
    // holiday; Dana holds a one-hour handover call on Wed 17 Jun.
    const rotation = { every: 'P1W', start: '2026-01-05T09:00' };
    await admin('PUT', '/schedules/comms', {
      name: 'Communications coordinator',
      timeZone: 'Europe/Berlin',
      fallback: 'director',
      layers: [
        { id: 'weekly', name: 'Weekly', participants: ['alice', 'bob', 'carol'], rotation },
        { id: 'holiday', name: 'Holiday cover', participants: ['bob'], rotation, activeWhen: { holidays: [{ calendar: 'company' }] } },
        { id: 'handover', name: 'Handover call', participants: ['director'], rotation, activeWhen: { dates: [{ start: '2026-06-17T12:00', end: '2026-06-17T13:00' }] } },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('marks the holiday of the schedule\'s calendar with its name', async () => {
    await signIn(page, base);
    await openComms();
    const mark = timeline().locator('.tl-holiday-mark');
    await mark.waitFor();
    expect(await mark.textContent()).toBe('Company anniversary');
    // Over Wed 3 Jun: two days into the week.
    const track = (await timeline().locator('.tl-header .tl-track').boundingBox())!;
    const box = (await mark.boundingBox())!;
    expect(box.x).toBeCloseTo(track.x + (track.width * 2) / 7, -1);
    await page.getByRole('list', { name: 'Holidays' }).getByText(/^Wed,? 3 Jun Company anniversary$/).waitFor();
    await checkBothWidths('01-holiday');
    harness.expectNoProblems();
  }, 60_000);

  it('labels the week\'s first piece, a shift begun the week before, with its person\'s name and its true start', async () => {
    await page.setViewportSize(DESKTOP);
    // Drawn from the week's start, but named, detailed and taken as the whole shift (from Mon 25 May).
    const first = finalPiece(/^Final schedule: Carol Chen, Mon,? 25 May,? 09:00 – Mon,? 1 Jun,? 09:00$/);
    const label = first.locator('span');
    expect(['Carol Chen', 'Carol']).toContain(await label.textContent());
    // The whole label shows: not cut to "Car…".
    expect(await label.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    const track = (await timeline().locator('.tl-header .tl-track').boundingBox())!;
    const box = (await first.boundingBox())!;
    expect(box.x).toBeCloseTo(track.x, -1);
    expect(box.width).toBeCloseTo((track.width * 9) / (7 * 24), -1);
    await first.click();
    const details = page.getByRole('region', { name: 'Selected shift' });
    await details.getByText(/^Mon,? 25 May,? 2026,? 09:00$/).waitFor();
    await details.getByText('7 d', { exact: true }).waitFor();
    await details.getByRole('button', { name: 'Close details' }).click();
    harness.expectNoProblems();
  }, 60_000);

  it('draws the now line at TEST_NOW, named for screen readers', async () => {
    const now = timeline().getByRole('img', { name: 'Now, 14:00' });
    const track = (await timeline().locator('.tl-header .tl-track').boundingBox())!;
    const line = (await now.boundingBox())!;
    const expected = track.x + (track.width * (TEST_NOW - WEEK_START)) / (7 * 24 * HOUR);
    expect(Math.abs(line.x + line.width / 2 - expected)).toBeLessThan(2);
    harness.expectNoProblems();
  }, 60_000);

  it('has a day view with hour ticks', async () => {
    await chooseView('Day');
    await page.getByText(/^Mon,? 1 Jun 2026$/).waitFor();
    const ticks = await timeline().locator('.tl-tick-label').allTextContents();
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    expect(ticks).toContain('12:00');
    for (const t of ticks) expect(t).toMatch(/^\d\d:00$/);
    await finalPiece(/^Final schedule: Carol Chen, /).locator('span').getByText('Carol Chen').waitFor();
    await checkBothWidths('02-day');
    // On the phone the axis labels thin out, in every view: never overlapping, never cut at the end.
    await page.setViewportSize(PHONE);
    const overlaps = () =>
      timeline()
        .locator('.tl-tick-label')
        .evaluateAll((els) => {
          const trackEnd = els[0]!.parentElement!.getBoundingClientRect().right;
          const boxes = els.map((e) => e.getBoundingClientRect());
          return boxes.filter((r, i) => (i > 0 && r.left < boxes[i - 1]!.right) || r.right > trackEnd + 0.5).length;
        });
    for (const view of ['Day', 'Week', 'Two weeks', 'Month']) {
      await chooseView(view);
      await expect.poll(overlaps, { message: view }).toBe(0);
      expect((await timeline().locator('.tl-tick-label').allTextContents()).length, view).toBeGreaterThanOrEqual(4);
      await timeline().scrollIntoViewIfNeeded();
      await harness.shot(`03-axis-${view.replace(' ', '-').toLowerCase()}-phone`);
    }
    await page.setViewportSize(DESKTOP);
    await harness.shot('03-axis-month-desktop');
    await chooseView('Week');
    harness.expectNoProblems();
  }, 60_000);

  it('makes a one-hour shift in the month view reachable by a tap, which shows its details', async () => {
    const phone = await otherContext({ locale: 'en-GB', viewport: PHONE, hasTouch: true });
    try {
      await openComms(phone.page);
      await chooseView('Month', phone.page);
      const call = finalPiece(/^Final schedule: Dana Director, Wed,? 17 Jun,? 12:00 – 13:00$/, phone.page);
      const box = (await call.boundingBox())!;
      expect(box.width).toBeLessThan(4);
      // A finger lands beside a 1-pixel bar: 9 px off its centre still reaches it.
      await phone.page.touchscreen.tap(box.x + box.width / 2 + 9, box.y + box.height / 2);
      const details = phone.page.getByRole('region', { name: 'Selected shift' });
      await details.getByText('Dana Director').waitFor();
      await details.getByText(/^Wed,? 17 Jun,? 2026,? 12:00$/).waitFor();
      await details.getByText(/^Wed,? 17 Jun,? 2026,? 13:00$/).waitFor();
      await details.getByText('Layer rotation (Handover call)').waitFor();
      await details.getByText('Times in Europe/Berlin').waitFor();
      expect(await scrollsSideways(phone.page)).toBe(false);
      expect(await seriousAxeViolations(phone.page)).toEqual([]);
      await phone.page.screenshot({ path: `${SHOTS}/timeline-03-month-tap-phone.png` });
      expect(phone.problems()).toEqual([]);
    } finally {
      await phone.context.close();
    }
  }, 60_000);

  it('marks the holiday in the editor\'s live preview too, and explains a piece there on click', async () => {
    await page.goto(`${base}/#/schedules/comms/edit`);
    const preview = page.getByRole('region', { name: /^Live preview/ });
    await preview.locator('.tl-holiday-mark').getByText('Company anniversary').waitFor();
    await preview.getByRole('button', { name: /^Final schedule: Bob Brown, Wed,? 3 Jun,? 00:00 – Thu,? 4 Jun,? 00:00$/ }).click();
    await preview.getByRole('region', { name: 'Selected shift' }).getByText('Layer rotation (Holiday cover)').waitFor();
    await checkBothWidths('07-editor-preview', preview);
    await preview.getByRole('button', { name: 'Close details' }).click();
    expect(await preview.getByRole('region', { name: 'Selected shift' }).count()).toBe(0);
    harness.expectNoProblems();
  }, 60_000);

  it('shows no row for a layer a later save removed, looking at a week before the save', async () => {
    // A server whose clock moves: the first version is saved a fortnight before TEST_NOW, the second at TEST_NOW.
    const clock = movableClock(TEST_NOW - 14 * 24 * HOUR);
    const origin = await harness.startServer({ now: clock.now });
    const login = await fetch(`${origin}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const token = ((await login.json()) as { token: string }).token;
    const call = (method: string, path: string, body?: unknown) => apiCall(origin, token, method, path, body);
    await call('PUT', '/people/alice', { name: 'Alice Adams' });
    await call('PUT', '/people/bob', { name: 'Bob Brown' });
    const days = { id: 'days', name: 'Days', participants: ['alice', 'bob'], rotation: { every: 'P1D', start: '2026-01-01T09:00' } };
    const party = { ...days, id: 'party', name: 'Summer party', activeWhen: { dates: [{ start: '2026-07-01T18:00', end: '2026-07-02T02:00' }] } };
    await call('PUT', '/schedules/support', { name: 'Customer support', timeZone: 'Europe/Berlin', layers: [days, party] });
    clock.set(TEST_NOW);
    await call('PUT', '/schedules/support', { name: 'Customer support', timeZone: 'Europe/Berlin', layers: [days] });
    // The API still answers the removed layer for the week before the save (true history), with no shift in it…
    const before = await call('GET', '/schedules/support/shifts?from=2026-05-24T22:00:00Z&to=2026-05-31T22:00:00Z&layers=true');
    expect(before.layers.map((l: { layerId: string; shifts: unknown[] }) => [l.layerId, l.shifts.length])).toEqual([['days', 8], ['party', 0]]);
    // …which gets no blank row.
    await signIn(page, origin);
    await page.goto(`${origin}/#/schedules/support`);
    await page.getByRole('heading', { name: 'Customer support', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByText(/^Mon,? 25 May – Sun,? 31 May 2026$/).waitFor();
    await timeline().getByRole('button', { name: /^Days: Alice Adams/ }).first().waitFor();
    expect(await timeline().locator('.tl-label').allTextContents()).toEqual(['', 'Days', 'Final schedule']);
    await harness.shot('06-removed-layer');
    harness.expectNoProblems();
  }, 60_000);

  it('shows dates in the browser\'s locale: month before day in en-US, in text as in the date input', async () => {
    const us = await otherContext({ locale: 'en-US', viewport: DESKTOP });
    try {
      await openComms(us.page);
      await us.page.getByText(/^Mon, Jun 1 – Sun, Jun 7 2026$/).waitFor();
      await us.page.getByRole('heading', { name: /^Coverage and fairness, Mon, Jun 1 – Sun, Jun 7$/ }).waitFor();
      await finalPiece(/^Final schedule: Alice Adams, Mon, Jun 1, 09:00 AM – Wed, Jun 3, 12:00 AM$/, us.page).click();
      await us.page.getByRole('region', { name: 'Selected shift' }).getByText('Mon, Jun 1, 2026, 09:00 AM').waitFor();
      await us.page.getByRole('list', { name: 'Holidays' }).getByText('Wed, Jun 3 Company anniversary').waitFor();
      // The native "Go to date" input beside it reads 06/01/2026 (Chromium draws it: see the screenshot).
      await us.page.screenshot({ path: `${SHOTS}/timeline-04-en-US.png` });
      expect(us.problems()).toEqual([]);
    } finally {
      await us.context.close();
    }
  }, 60_000);

  it('names schedules, not their ids, in an escalation chain', async () => {
    await admin('PUT', '/escalation-chains/comms-outage', { name: 'Comms outage', levels: [{ targets: [{ schedule: 'comms' }], escalateAfterMinutes: 15 }] });
    await page.goto(`${base}/#/escalation-chains`);
    await page.getByRole('heading', { name: 'Escalation chains', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit Comms outage' }).click();
    const paged = page.getByRole('region', { name: 'Who would be paged now' });
    await paged.getByText('via Communications coordinator').waitFor();
    expect(await paged.getByText('via comms').count()).toBe(0);
    await checkBothWidths('05-chain', paged);
    harness.expectNoProblems();
  }, 60_000);
});
