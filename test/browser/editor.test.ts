/**
 * The schedule editor in Chromium (issue 18): honest errors — none on a pristine form and no
 * request the server would refuse, each shown beside its field once touched or once a save was
 * tried and gone as soon as it is fixed; ids suggested from names (schedules, people, holiday
 * calendars); a layer without participants refused; a per-window rotation starting at its window
 * (no stub); the live preview beside the layer being edited (DESKTOP) or behind "Show preview"
 * (PHONE); a coverage refusal listed in the schedule's local time and gone once the document
 * changes; and a guard on leaving unsaved work. Clocks at TEST_NOW (Mon 1 Jun 2026, 08:00 in New
 * York, the browser's zone). axe at both widths. Screenshots: editor-*.png.
 */
import type { Dialog, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, apiCall, DESKTOP, HAS_CHROMIUM, PHONE, scrollsSideways, seriousAxeViolations, signInAt, startBrowserHarness, type BrowserHarness, tokenAt } from './harness.js';

describe.skipIf(!HAS_CHROMIUM)('the schedule editor in Chromium', () => {
  let harness: BrowserHarness;
  let page: Page;
  let base: string;
  let adminToken: string;

  const admin = (method: string, path: string, body?: unknown) => apiCall(base, adminToken, method, path, body);
  const shot = (name: string) => harness.shot(name);
  const expectNoProblems = () => harness.expectNoProblems();
  const layer = (i: number) => page.locator('fieldset.layer-editor').nth(i);
  const preview = () => page.getByRole('region', { name: /Live preview/ });
  const fieldError = (path: string) => page.locator(`.field-error[data-path="${path}"]`);
  const refusal = () => page.getByRole('alert');
  /** Fails the test on any dialog (no "Leave without saving?" is expected). */
  const noDialog = (dialog: Dialog) => {
    void dialog.dismiss();
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  };
  async function addParticipant(l: Locator, name: string) {
    await l.getByRole('button', { name: `Add ${name}`, exact: true }).click();
  }
  /** The dialog the next action opens, answered with `accept`. */
  function nextDialog(accept: boolean): Promise<Dialog> {
    return new Promise((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog);
        void (accept ? dialog.accept() : dialog.dismiss());
      }),
    );
  }

  beforeAll(async () => {
    // The one refusal provoked on purpose: a save that would leave gaps (spec §6).
    harness = await startBrowserHarness({ shotPrefix: 'editor-', expectedHttpErrors: [{ path: /^\/api\/v1\/schedules\/comms-team$/, status: 409 }] });
    ({ page, base } = harness);
    adminToken = await tokenAt(base);
    for (const [id, name] of [
      ['alice', 'Alice Adams'],
      ['bob', 'Bob Brown'],
      ['carol', 'Carol Chen'],
      ['dana', 'Dana Director'],
    ]) {
      await admin('PUT', `/people/${id}`, { name, timeZone: 'America/New_York' });
    }
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('opens "New schedule" pristine: no error, no red banner, no request the server refuses', async () => {
    const failed: string[] = [];
    const previews: string[] = [];
    const watch = (response: { status: () => number; url: () => string }) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      if (response.url().endsWith('/schedules/preview')) previews.push(response.url());
    };
    await signInAt(page, base, ADMIN);
    page.on('response', watch);
    await page.getByRole('link', { name: 'New schedule' }).click();
    await page.getByRole('heading', { name: 'New schedule' }).waitFor();
    // Past the preview's debounce: nothing may have been asked or refused.
    await page.waitForTimeout(1500);
    page.off('response', watch);
    expect(failed).toEqual([]);
    expect(previews).toEqual([]);
    expect(await page.locator('.field-error').count()).toBe(0);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(await page.locator('.banner-gap').count()).toBe(0);
    expect(await refusal().count()).toBe(0);
    await preview().getByText('The preview appears once the form is complete').waitFor();
    // The first layer hands off on the latest Monday 09:00 (25 May): no gap ahead of it.
    expect(await layer(0).getByLabel('Start (America/New_York)').inputValue()).toBe('2026-05-25T09:00');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot('01-pristine');
    expectNoProblems();
  });

  it('suggests the id from the name until the id is edited by hand', async () => {
    const name = page.getByLabel('Name', { exact: true });
    const id = page.getByLabel('Id', { exact: true });
    await name.fill('Comms Ünit');
    expect(await id.inputValue()).toBe('comms-unit');
    await name.fill('Comms Team');
    expect(await id.inputValue()).toBe('comms-team');
    await id.fill('comms');
    await name.fill('Comms Team!');
    expect(await id.inputValue()).toBe('comms');
    await id.fill('comms-team');
    await name.fill('Comms Team');
    expectNoProblems();
  });

  it('refuses a layer without participants beside it, and each error vanishes once fixed', async () => {
    const puts: string[] = [];
    const watch = (request: { method: () => string; url: () => string }) => request.method() === 'PUT' && puts.push(request.url());
    page.on('request', watch);
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await fieldError('/layers/0/participants').getByText('Add at least one participant').waitFor();
    await refusal().filter({ hasText: 'Not saved' }).waitFor();
    // The people to add are described by the error.
    const errorId = await fieldError('/layers/0/participants').getAttribute('id');
    expect((await layer(0).getByRole('group', { name: 'Add participant' }).getAttribute('aria-describedby'))?.split(' ')).toContain(errorId);
    await shot('02-no-participants');
    page.off('request', watch);
    expect(puts).toEqual([]);
    expect((await fetch(`${base}/api/v1/schedules/comms-team`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(404);

    // An error shows once, beside its field, and goes as soon as the field is fixed.
    const name = page.getByLabel('Name', { exact: true });
    await name.fill('');
    await fieldError('/name').getByText('Enter a name').waitFor();
    expect(await page.getByText('Enter a name').count()).toBe(1);
    await name.fill('Comms Team');
    await fieldError('/name').waitFor({ state: 'detached' });
    const zone = page.getByLabel('Time zone');
    await zone.fill('America/New_Yrok');
    await fieldError('/timeZone').waitFor();
    expect(await page.getByText(/time zone from the list/).count()).toBe(1);
    await zone.fill('America/New_York');
    await fieldError('/timeZone').waitFor({ state: 'detached' });
    await addParticipant(layer(0), 'Alice Adams');
    await fieldError('/layers/0/participants').waitFor({ state: 'detached' });
    await refusal().waitFor({ state: 'detached' });
    // Last week's gap before the first handoff (Mon 25 May 00:00 – 09:00) is past: drawn, not a red banner.
    await preview().getByRole('button', { name: 'Previous' }).click();
    await preview().getByRole('button', { name: /^Final schedule: Nobody \(gap\), Mon,? 25 May,? 00:00 – 09:00$/ }).waitFor();
    expect(await page.locator('.banner-gap').count()).toBe(0);
    await preview().getByRole('button', { name: 'Today' }).click();
    await page.getByLabel('Fallback person').selectOption({ label: 'Dana Director' });
    await preview().getByRole('button', { name: /^Final schedule: Alice Adams/ }).first().waitFor();
    expect(await page.locator('.field-error').count()).toBe(0);
    expectNoProblems();
  });

  it('starts a weekend-window rotation at the start of its window, not with a stub', async () => {
    await page.getByRole('button', { name: 'Add layer' }).click();
    // A new layer hands off with the layers already there.
    expect(await layer(1).getByLabel('Start (America/New_York)').inputValue()).toBe('2026-05-25T09:00');
    await layer(1).getByLabel('Layer id').fill('weekend');
    await addParticipant(layer(1), 'Bob Brown');
    await addParticipant(layer(1), 'Carol Chen');
    await layer(1).getByRole('button', { name: 'Add weekly span' }).click();
    await layer(1).getByLabel('Rotation', { exact: true }).selectOption({ label: 'Each weekend/holiday window' });
    // The weekend window Fri 22 May 17:00 – Mon 25 May 09:00 is Bob's first shift, whole; Carol's follows.
    expect(await layer(1).getByLabel('Start (America/New_York)').inputValue()).toBe('2026-05-22T17:00');

    // The other order: the preset first, then the span.
    await page.getByRole('button', { name: 'Add layer' }).click();
    await layer(2).getByLabel('Layer id').fill('evenings');
    await addParticipant(layer(2), 'Carol Chen');
    await layer(2).getByLabel('Rotation', { exact: true }).selectOption({ label: 'Each weekend/holiday window' });
    await layer(2).getByRole('button', { name: 'Add days and hours' }).click();
    await layer(2).getByLabel('From', { exact: true }).fill('18:00');
    await layer(2).getByLabel('To', { exact: true }).fill('22:00');
    await layer(2).getByRole('button', { name: 'Add weekly span' }).click();
    expect(await layer(2).getByLabel('Start (America/New_York)').inputValue()).toBe('2026-05-22T17:00');
    // This week: Carol's weekend (from Fri 29 May 17:00) runs on to Monday 09:00, Bob's starts Friday 17:00 —
    // not a new person's 9-hour stub from Monday 00:00 (a rotation started at Monday 00:00).
    await preview().getByRole('button', { name: /^weekend: Carol Chen, Mon,? 1 Jun,? 00:00 – 09:00$/ }).waitFor();
    await preview().getByRole('button', { name: /^weekend: Bob Brown, Fri,? 5 Jun,? 17:00 – Mon,? 8 Jun,? 00:00$/ }).waitFor();
    expectNoProblems();
  });

  it('keeps the live preview beside the third layer on a wide screen', async () => {
    await layer(2).getByLabel('Layer id').scrollIntoViewIfNeeded();
    await layer(2).getByLabel('Layer id').focus();
    const box = await preview().boundingBox();
    const field = await layer(2).getByLabel('Layer id').boundingBox();
    expect(box && field).toBeTruthy();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(DESKTOP.height);
    expect(box!.x).toBeGreaterThan(field!.x + field!.width);
    expect(field!.y).toBeGreaterThanOrEqual(0);
    expect(field!.y + field!.height).toBeLessThanOrEqual(DESKTOP.height);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot('03-preview-beside-layer-3');
    expectNoProblems();
  });

  it('saves without asking to leave, and lands on the schedule', async () => {
    page.on('dialog', noDialog);
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByRole('heading', { name: 'Comms Team', level: 1 }).waitFor();
    page.off('dialog', noDialog);
    const stored = await admin('GET', '/schedules/comms-team');
    expect(stored.layers.map((l: { id: string; rotation: { start: string } }) => [l.id, l.rotation.start])).toEqual([
      ['layer-1', '2026-05-25T09:00'],
      ['weekend', '2026-05-22T17:00'],
      ['evenings', '2026-05-22T17:00'],
    ]);
    expectNoProblems();
  });

  it('asks before leaving unsaved changes: dismissed it stays with the work, accepted it leaves', async () => {
    page.on('dialog', noDialog);
    await page.getByRole('link', { name: 'Edit schedule' }).click();
    await page.getByRole('heading', { name: 'Edit Comms Team' }).waitFor();
    // Nothing changed: no question, neither leaving nor closing the tab.
    expect(await page.evaluate(`(() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; })()`)).toBe(false);
    await harness.nav('People');
    await page.getByRole('heading', { name: 'People' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Edit Comms Team' }).waitFor();
    page.off('dialog', noDialog);

    await page.getByLabel('Name', { exact: true }).fill('Comms Team (draft)');
    expect(await page.evaluate(`(() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; })()`)).toBe(true);
    let asked = nextDialog(false);
    await harness.nav('People');
    expect((await asked).message()).toMatch(/^Leave without saving\?/);
    await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('Comms Team (draft)');
    // The refused change is undone by a history step, which lands a moment later.
    await expect.poll(() => page.url()).toMatch(/#\/schedules\/comms-team\/edit$/);
    asked = nextDialog(false);
    await page.goBack();
    await asked;
    await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('Comms Team (draft)');
    // Signing out is leaving too: staying with the work means staying signed in.
    asked = nextDialog(false);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await asked;
    await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('Comms Team (draft)');
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    asked = nextDialog(true);
    await harness.nav('People');
    await asked;
    await page.getByRole('heading', { name: 'People' }).waitFor();
    expect((await admin('GET', '/schedules/comms-team')).name).toBe('Comms Team');
    expectNoProblems();
  });

  it('lists a coverage refusal in local time, and clears it once the fallback is back', async () => {
    await page.goto(`${base}/#/schedules/comms-team/edit`);
    await page.getByRole('heading', { name: 'Edit Comms Team' }).waitFor();
    await page.getByLabel('Fallback person').selectOption({ label: 'No fallback' });
    await layer(0).getByLabel('Ends at (America/New_York)').fill('2026-06-15T09:00');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    const box = refusal().filter({ hasText: 'Not saved: the schedule would leave gaps' });
    await box.waitFor();
    const text = await box.innerText();
    expect(text).toContain('America/New_York');
    // Weekday gaps after the weekly layer ends: Mon 15 Jun 09:00 until the evening span at 18:00.
    expect(text).toMatch(/Mon,? 15 Jun,? 09:00 – 18:00/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await box.scrollIntoViewIfNeeded();
    await shot('04-gaps-refused');
    await page.getByLabel('Fallback person').selectOption({ label: 'Dana Director' });
    await box.waitFor({ state: 'detached' });
    expect(await page.locator('.gap-list').count()).toBe(0);
    await preview().getByRole('button', { name: /^Final schedule: Dana Director/ }).first().waitFor({ state: 'attached' });
    expectNoProblems();
  });

  it('shows the preview behind "Show preview" near the top on a phone', async () => {
    await page.setViewportSize(PHONE);
    await page.evaluate('window.scrollTo(0, 0)');
    expect(await preview().isVisible()).toBe(false);
    const toggle = page.getByRole('button', { name: 'Show preview' });
    await toggle.click();
    await preview().waitFor();
    expect(await page.getByRole('button', { name: 'Hide preview' }).getAttribute('aria-expanded')).toBe('true');
    const box = await preview().boundingBox();
    expect(box!.y).toBeLessThan(PHONE.height);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot('05-phone-preview');
    await page.setViewportSize(DESKTOP);
    expectNoProblems();
  });

  it('suggests ids from names on the People and Holiday calendars forms', async () => {
    // The schedule's draft is dropped on purpose.
    const asked = nextDialog(true);
    await harness.nav('People');
    await asked;
    await page.getByRole('button', { name: 'Add person' }).click();
    const person = page.getByRole('form', { name: 'New person' });
    await person.getByLabel('Name').fill('Zoë Quinn');
    expect(await person.getByLabel('Id').inputValue()).toBe('zoe-quinn');
    await person.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('cell', { name: 'zoe-quinn', exact: true }).waitFor();

    await harness.nav('Holiday calendars');
    await page.getByRole('button', { name: 'New calendar' }).click();
    const calendar = page.getByRole('form', { name: 'New calendar' });
    await calendar.getByLabel('Name').fill('Berlin public holidays');
    expect(await calendar.getByLabel('Id').inputValue()).toBe('berlin-public-holidays');
    await shot('06-calendar-id-from-name');
    expectNoProblems();
  });

  it('adds a participant in one click, and past twelve people by a select and "Add"', async () => {
    const participants = () => layer(0).getByRole('list', { name: 'Rotation order' }).getByRole('listitem');
    await page.goto(`${base}/#/schedules/new`);
    await page.getByRole('heading', { name: 'New schedule' }).waitFor();
    await addParticipant(layer(0), 'Bob Brown');
    await addParticipant(layer(0), 'Alice Adams');
    await addParticipant(layer(0), 'Bob Brown');
    expect(await participants().allTextContents()).toEqual([expect.stringMatching(/^Bob Brown/), expect.stringMatching(/^Alice Adams/), expect.stringMatching(/^Bob Brown/)]);
    expect(await layer(0).getByRole('combobox', { name: 'Add participant' }).count()).toBe(0);
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      await layer(0).getByRole('group', { name: 'Add participant' }).scrollIntoViewIfNeeded();
      expect(await scrollsSideways(page)).toBe(false);
      expect(await seriousAxeViolations(page)).toEqual([]);
    }
    await page.setViewportSize(PHONE);
    await shot('07-person-buttons-phone');
    await page.setViewportSize(DESKTOP);

    // Nine more make at least thirteen.
    for (let i = 1; i <= 9; i++) await admin('PUT', `/people/extra-${i}`, { name: `Extra Person ${i}` });
    await page.reload();
    await page.getByRole('heading', { name: 'New schedule' }).waitFor();
    expect(await layer(0).getByRole('button', { name: 'Add Bob Brown' }).count()).toBe(0);
    await layer(0).getByLabel('Add participant').selectOption({ label: 'Extra Person 8' });
    await layer(0).getByRole('button', { name: 'Add', exact: true }).click();
    expect(await participants().allTextContents()).toEqual([expect.stringMatching(/^Extra Person 8/)]);
    expectNoProblems();
  });
});
