/**
 * Issue 18, "How to prove it": a scripted new admin builds the comms rotation through the web
 * forms only — three people, a holiday calendar, a three-layer schedule (weekly handoff, weekend
 * layer, holiday layer), save, then subscribes to its calendar feed — once at desktop width and
 * once at phone width, each on a fresh server. Every click and keystroke goes through the counting
 * helpers below; the totals are printed and written to test/screenshots/first-rotation.json, the
 * "before" and "after" figures of the issue. Only behaviour is asserted (the schedule stored as
 * built, no gap, the feed created), never the counts: they are the measurement.
 *
 * Counting: a click is one; a `fill` counts its text's length in keystrokes (moving into the
 * field is not counted); choosing in a native select is two clicks (open, pick). Where the app
 * suggests an id (from the name), the script keeps it as a person would and types nothing; where it
 * does not, the script types a short one (`alice`, `de-be`, `comms`).
 * Locators are by role and label only, so the script survives layout changes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW } from '../clock.js';
import { ADMIN, apiCall, DESKTOP, HAS_CHROMIUM, PHONE, reveal, SHOTS, signInAt, startBrowserHarness, type BrowserHarness } from './harness.js';

const PEOPLE = [
  { name: 'Alice Adams', id: 'alice' },
  { name: 'Bob Brown', id: 'bob' },
  { name: 'Carol Chen', id: 'carol' },
];
const CALENDAR = { name: 'Berlin public holidays', id: 'de-be', country: 'Germany (DE)', state: 'Berlin (DE-BE)' };
const SCHEDULE = { name: 'Communications coordinator', id: 'comms', timeZone: 'Europe/Berlin' };
/** The layers as the admin builds them: who rotates, how, and when the layer is active. */
const LAYERS = [
  { name: 'Weekly', people: ['Alice Adams', 'Bob Brown', 'Carol Chen'], rotation: null, active: null },
  { name: 'Weekend', people: ['Bob Brown', 'Carol Chen'], rotation: 'Each weekend/holiday window', active: 'weekend' },
  { name: 'Holidays', people: ['Carol Chen', 'Alice Adams'], rotation: 'Each weekend/holiday window', active: 'holidays' },
] as const;

interface Tally {
  clicks: number;
  keystrokes: number;
}

/** What the admin did, per step of the walk. */
class Counter {
  readonly steps: Record<string, Tally> = {};
  private current: Tally = { clicks: 0, keystrokes: 0 };

  step(name: string): void {
    this.current = { clicks: 0, keystrokes: 0 };
    this.steps[name] = this.current;
  }

  get total(): Tally {
    return Object.values(this.steps).reduce((t, s) => ({ clicks: t.clicks + s.clicks, keystrokes: t.keystrokes + s.keystrokes }), { clicks: 0, keystrokes: 0 });
  }

  async click(target: Locator): Promise<void> {
    await target.click();
    this.current.clicks++;
  }

  async fill(target: Locator, text: string): Promise<void> {
    await target.fill(text);
    this.current.keystrokes += text.length;
  }

  async press(target: Locator, key: string): Promise<void> {
    await target.press(key);
    this.current.keystrokes++;
  }

  /** A native select: open it, pick the option. */
  async choose(target: Locator, label: string): Promise<void> {
    await target.selectOption({ label });
    this.current.clicks += 2;
  }

  /** Types `id` into an empty id field; an id the app suggests (from the name) is kept, as a person would. */
  async idField(target: Locator, id: string): Promise<void> {
    if ((await target.inputValue()) === '') await this.fill(target, id);
  }
}

describe.skipIf(!HAS_CHROMIUM)('the first rotation of a new admin, timed', () => {
  let harness: BrowserHarness;
  let page: Page;
  const results: Record<string, { clicks: number; keystrokes: number; seconds: number; steps: Record<string, Tally> }> = {};

  beforeAll(async () => {
    // The live preview validates the form while it is being filled in.
    harness = await startBrowserHarness({ shotPrefix: 'first-rotation-', expectedHttpErrors: [{ path: /\/api\/v1\/schedules\/preview$/, status: 400 }] });
    ({ page } = harness);
  }, 120_000);

  afterAll(async () => {
    if (Object.keys(results).length > 0) writeFileSync(join(SHOTS, 'first-rotation.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2)}\n`);
    await harness?.close();
  });

  /** A link of the main menu, opening the menu first where it is folded away (phones). */
  async function menu(count: Counter, name: string): Promise<void> {
    const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
    await reveal(link, page.getByRole('button', { name: /menu/i }), (button) => count.click(button));
    await count.click(link);
  }

  async function addPeople(count: Counter): Promise<void> {
    count.step('people');
    await menu(count, 'People');
    for (const person of PEOPLE) {
      await count.click(page.getByRole('main').getByRole('button', { name: 'Add person' }));
      const form = page.getByRole('form', { name: 'New person' });
      await count.fill(form.getByLabel('Name', { exact: true }), person.name);
      await count.idField(form.getByLabel('Id', { exact: true }), person.id);
      await count.click(form.getByRole('button', { name: 'Add person' }));
      await page.getByRole('row', { name: new RegExp(person.name) }).waitFor();
    }
  }

  async function addCalendar(count: Counter): Promise<void> {
    count.step('calendar');
    await menu(count, 'Holiday calendars');
    await count.click(page.getByRole('button', { name: 'New calendar' }));
    const form = page.getByRole('form', { name: 'New calendar' });
    await count.fill(form.getByLabel('Name', { exact: true }), CALENDAR.name);
    await count.idField(form.getByLabel('Id', { exact: true }), CALENDAR.id);
    await count.choose(form.getByLabel('Country'), CALENDAR.country);
    await count.choose(form.getByLabel('State / region'), CALENDAR.state);
    await count.click(form.getByRole('button', { name: 'Save calendar' }));
    await page.getByRole('form', { name: `Calendar ${CALENDAR.name}` }).waitFor();
  }

  async function buildSchedule(count: Counter, shot: (name: string) => Promise<unknown>): Promise<void> {
    count.step('schedule');
    await menu(count, 'Now');
    await count.click(page.getByRole('link', { name: 'New schedule' }));
    const form = page.getByRole('form', { name: 'New schedule' });
    const scheduleFields = form.getByRole('region', { name: 'Schedule' });
    await count.fill(scheduleFields.getByLabel('Name', { exact: true }), SCHEDULE.name);
    await count.idField(scheduleFields.getByLabel('Id', { exact: true }), SCHEDULE.id);
    await count.fill(scheduleFields.getByLabel('Time zone'), SCHEDULE.timeZone);
    for (const [i, layer] of LAYERS.entries()) {
      if (i > 0) await count.click(form.getByRole('button', { name: 'Add layer' }));
      const editor = form.getByRole('group', { name: new RegExp(`^Layer ${i + 1}\\b`) });
      await count.fill(editor.getByLabel('Layer name'), layer.name);
      for (const person of layer.people) await count.click(editor.getByRole('button', { name: `Add ${person}`, exact: true }));
      if (layer.rotation) await count.choose(editor.getByLabel('Rotation', { exact: true }), layer.rotation);
      // The weekly span's default is the weekend (FR 17:00 → MO 09:00), the holiday entry's the first calendar.
      if (layer.active === 'weekend') await count.click(editor.getByRole('button', { name: 'Add weekly span' }));
      if (layer.active === 'holidays') await count.click(editor.getByRole('button', { name: 'Add holiday calendar' }));
    }
    await shot('schedule-form');
    await count.click(form.getByRole('button', { name: 'Save schedule' }));
    await page.getByRole('heading', { name: SCHEDULE.name, level: 1 }).waitFor();
  }

  async function subscribe(count: Counter): Promise<void> {
    count.step('subscribe');
    await count.click(page.getByRole('link', { name: 'Subscribe' }));
    const form = page.getByRole('form', { name: 'Subscribe' });
    // "Feed of" is a required select filled from GET /schedules: until then the browser refuses the submit.
    await expect.poll(() => form.getByLabel('Feed of').inputValue()).toMatch(/^schedule:/);
    await count.click(form.getByRole('button', { name: 'Create feed link' }));
    await form.getByText('Feed created.').waitFor();
  }

  /** The whole walk on `origin` at `viewport`; the counts under `label`; then what it stored, checked. */
  async function firstRotation(label: string, origin: string, viewport: typeof DESKTOP): Promise<void> {
    await page.setViewportSize(viewport);
    await signInAt(page, origin, ADMIN);
    const shot = (name: string) => harness.shot(`${label}-${name}`);
    const count = new Counter();
    const started = performance.now();
    await addPeople(count);
    await addCalendar(count);
    await buildSchedule(count, shot);
    await shot('saved');
    await subscribe(count);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    await shot('subscribed');
    results[label] = { ...count.total, seconds, steps: count.steps };
    console.log(`first rotation (${label}, ${viewport.width}×${viewport.height}): ${count.total.clicks} clicks, ${count.total.keystrokes} keystrokes, ${seconds} s — ${Object.entries(count.steps).map(([s, t]) => `${s} ${t.clicks}/${t.keystrokes}`).join(', ')}`);

    const login = await fetch(`${origin}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const token = ((await login.json()) as { token: string }).token;
    const api = (path: string) => apiCall(origin, token, 'GET', path);
    const people: { id: string; name: string }[] = (await api('/people')).items;
    expect(people.map((p) => p.name).sort()).toEqual(PEOPLE.map((p) => p.name));
    const idOf = (name: string) => people.find((p) => p.name === name)!.id;
    const calendar = (await api('/holiday-calendars')).items[0];
    expect(calendar).toMatchObject({ name: CALENDAR.name, region: 'DE-BE', types: ['public'] });
    const [schedule] = (await api('/schedules')).items;
    expect(schedule).toMatchObject({ name: SCHEDULE.name, timeZone: SCHEDULE.timeZone });
    expect(schedule.layers).toMatchObject([
      { name: 'Weekly', participants: LAYERS[0].people.map(idOf), rotation: { every: 'P1W' } },
      { name: 'Weekend', participants: LAYERS[1].people.map(idOf), rotation: { per: 'window' }, activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] } },
      { name: 'Holidays', participants: LAYERS[2].people.map(idOf), rotation: { per: 'window' }, activeWhen: { holidays: [{ calendar: calendar.id }] } },
    ]);
    // Covered: nobody-on-call time nowhere in the next 365 days (the save's own guarantee, checked).
    const from = new Date(TEST_NOW).toISOString();
    const to = new Date(TEST_NOW + 365 * 86_400_000).toISOString();
    expect((await api(`/schedules/${schedule.id}/coverage?from=${from}&to=${to}`)).gaps).toEqual([]);
    // A Berlin holiday in the window (Christmas Day) goes to the holiday layer, a weekend to the weekend layer.
    const christmas = await api(`/schedules/${schedule.id}/oncall?at=2026-12-25T12:00:00Z`);
    expect([christmas.layer, christmas.person.id]).toEqual([schedule.layers[2].id, expect.any(String)]);
    const saturday = await api(`/schedules/${schedule.id}/oncall?at=2026-06-06T12:00:00Z`);
    expect(saturday.layer).toBe(schedule.layers[1].id);
    const feeds: { schedule: string | null }[] = (await api('/feeds')).items;
    expect(feeds.map((f) => f.schedule)).toEqual([schedule.id]);
    harness.expectNoProblems();
  }

  it('at desktop width', async () => {
    await firstRotation('desktop', harness.base, DESKTOP);
  }, 120_000);

  it('at phone width', async () => {
    await firstRotation('phone', await harness.startServer({}), PHONE);
  }, 120_000);
});
