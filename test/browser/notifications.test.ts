/**
 * Notifications in the web app (spec §14), in Chromium against the real server: an admin creates a
 * webhook channel to a local receiver (the server runs with webhookAllowPrivate), copies its
 * signing secret (shown once) and verifies what "Send test" delivers with it, rotates the secret,
 * sees a failing receiver highlighted, and filters the delivery log; a server that refuses private
 * addresses says so at the url field; a viewer sets up their own ntfy reminder, and is told
 * clearly that email needs ROTA_SMTP_URL. Also at phone width. Screenshots: notify-*.png.
 */
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stillTimer } from '../clock.js';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '../notify/receivers.js';
import { ADMIN, HAS_CHROMIUM, startBrowserHarness, type BrowserHarness, apiCall, signInAt } from './harness.js';

const VIEWER = { name: 'Vera Viewer', email: 'vera@example.com', password: 'a long viewer password' };
/** A viewer whose email no person has: nothing of theirs to be reminded of. */
const STRANGER = { name: 'Walt Outsider', email: 'walt@example.com', password: 'another long password' };
const PHONE = { width: 360, height: 740 };

describe.skipIf(!HAS_CHROMIUM)('notifications in Chromium', () => {
  let harness: BrowserHarness;
  let page: Page;
  let base: string;
  let hook: HttpReceiver;
  /** An admin API token of the harness's server, to look at what was stored. */
  let adminToken: string;


  async function adminSession(origin: string): Promise<string> {
    const login = await fetch(`${origin}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    return ((await login.json()) as { token: string }).token;
  }

  beforeAll(async () => {
    hook = await startHttpReceiver();
    harness = await startBrowserHarness({
      shotPrefix: 'notify-',
      // The receiver listens on 127.0.0.1; the timer never fires, so only the tests' notices reach it.
      config: { webhookAllowPrivate: true, timer: stillTimer },
      expectedHttpErrors: [{ path: /^\/api\/v1\/channels\/[a-z0-9-]+$/, status: 400 }],
    });
    ({ page, base } = harness);
    adminToken = await adminSession(base);
    for (const [id, name, email] of [
      ['alice', 'Alice Adams', 'alice@example.com'],
      ['vera', VIEWER.name, VIEWER.email],
    ]) {
      await apiCall(base, adminToken, 'PUT', `/people/${id}`, { name, email, timeZone: 'Europe/Berlin' });
    }
    await apiCall(base, adminToken, 'PUT', '/schedules/comms', {
      name: 'Communications coordinator',
      timeZone: 'Europe/Berlin',
      layers: [{ id: 'weekly', participants: ['alice', 'vera'], rotation: { every: 'P1W', start: '2026-01-05T09:00' } }],
    });
    for (const user of [VIEWER, STRANGER]) await apiCall(base, adminToken, 'POST', '/users', { ...user, role: 'viewer' });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
    await hook?.close();
  });

  const shot = (name: string) => harness.shot(name);
  const expectNoProblems = () => harness.expectNoProblems();
  const tools = (name: string) => page.getByRole('region', { name: `Test and deliveries of ${name}` });
  /** Whether the page scrolls sideways (what a phone must not). */
  const scrollsSideways = () => page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');

  const signIn = (origin: string, user: { email: string; password: string }) => signInAt(page, origin, user);

  /** The receiver's requests from `from` on, once `count` of them have arrived. */
  async function requestsAfter(from: number, count: number): Promise<ReceivedRequest[]> {
    return (await hook.received(from + count)).slice(from);
  }

  let secret = '';

  it('creates a webhook channel and shows its signing secret once', async () => {
    await signIn(base, ADMIN);
    await harness.nav('Notifications');
    await page.getByText('No channels yet').waitFor();
    await page.getByRole('button', { name: 'New channel' }).click();
    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Id').fill('ops-hook');
    await form.getByLabel('Name').fill('Ops hook');
    expect(await form.getByLabel('Kind').inputValue()).toBe('webhook');
    await form.getByLabel('URL', { exact: true }).fill(`${hook.url}/hook`);
    const events = form.getByRole('group', { name: 'Events' });
    expect(await events.getByLabel('A shift starts (handoff)').isChecked()).toBe(true);
    await events.getByLabel('Reminder before a shift').check();
    await form.getByLabel('Reminder', { exact: true }).selectOption({ label: '2 days before' });
    await form.getByRole('group', { name: 'Schedules' }).getByLabel('Communications coordinator').check();
    await form.getByRole('button', { name: 'Create channel' }).click();

    const secretField = page.getByLabel('Signing secret');
    await secretField.waitFor();
    secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await page.getByText('Standard Webhooks').first().waitFor();
    await page.getByRole('region', { name: 'Channels' }).getByText('Ops hook').waitFor();
    await shot('01-channel-created');

    const stored = await apiCall(base, adminToken, 'GET', '/channels/ops-hook');
    expect(stored).toMatchObject({ kind: 'webhook', url: `${hook.url}/hook`, events: ['shift.upcoming', 'shift.started', 'coverage.gap'], schedules: ['comms'], remindBefore: 'P2D' });
    expect(stored).not.toHaveProperty('secret');

    // Closed and opened again: the secret is gone for good.
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Edit Ops hook' }).click();
    await page.getByRole('form', { name: 'Channel Ops hook' }).waitFor();
    expect(await page.getByLabel('Signing secret').count()).toBe(0);
    expectNoProblems();
  });

  it('sends a test that the receiver verifies with the secret, and shows it delivered', async () => {
    const before = hook.requests.length;
    await tools('Ops hook').getByRole('button', { name: 'Send test' }).click();
    const result = tools('Ops hook').getByRole('status', { name: 'Test result' });
    await result.waitFor();
    expect(await result.textContent()).toContain('delivered');

    const [received] = await requestsAfter(before, 1);
    const payload = new Webhook(secret).verify(received!.body, received!.headers as Record<string, string>) as { id: string; type: string; data: unknown };
    expect(payload).toMatchObject({ type: 'channel.test', data: { channel: 'ops-hook' } });
    expect(received!.path).toBe('/hook');

    const row = tools('Ops hook').locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/delivered.*Test notice/);
    const { items: [logged] } = await apiCall(base, adminToken, 'GET', '/deliveries?channel=ops-hook');
    expect(logged).toMatchObject({ id: payload.id, status: 'delivered', attempts: 1 });
    await shot('02-test-delivered');
    expectNoProblems();
  });

  it('rotates the secret: the new one shown once signs, the old one no longer does', async () => {
    await tools('Ops hook').getByRole('button', { name: 'Rotate secret Ops hook' }).click();
    await tools('Ops hook').getByRole('button', { name: 'Confirm rotate secret Ops hook' }).click();
    const secretField = tools('Ops hook').getByLabel('Signing secret');
    await secretField.waitFor();
    const rotated = await secretField.inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);

    const before = hook.requests.length;
    await tools('Ops hook').getByRole('button', { name: 'Send test' }).click();
    const [received] = await requestsAfter(before, 1);
    const headers = received!.headers as Record<string, string>;
    expect(new Webhook(rotated).verify(received!.body, headers)).toMatchObject({ type: 'channel.test' });
    expect(() => new Webhook(secret).verify(received!.body, headers)).toThrow();
    await expect.poll(() => tools('Ops hook').locator('tbody tr').count()).toBe(2);
    expectNoProblems();
  });

  it('shows a failing receiver: the test is retried, its error shown, its row highlighted', async () => {
    const form = page.getByRole('form', { name: 'Channel Ops hook' });
    await form.getByLabel('URL', { exact: true }).fill(`${hook.url}/broken`);
    await form.getByRole('button', { name: 'Save channel' }).click();
    await expect.poll(async () => (await apiCall(base, adminToken, 'GET', '/channels/ops-hook')).url).toBe(`${hook.url}/broken`);

    hook.answer(500);
    await tools('Ops hook').getByRole('button', { name: 'Send test' }).click();
    const result = tools('Ops hook').getByRole('status', { name: 'Test result' });
    await expect.poll(() => result.textContent()).toContain('pending');
    expect(await result.textContent()).toContain('500');
    const bad = tools('Ops hook').locator('tbody tr.row-bad');
    await expect.poll(() => bad.count()).toBe(1);
    expect(await bad.textContent()).toContain('500');
    expect(await tools('Ops hook').locator('tbody tr').count()).toBe(3);
    await shot('03-test-failing');
    expectNoProblems();
  });

  it('filters the delivery log by channel and status', async () => {
    await tools('Ops hook').getByRole('link', { name: 'Whole delivery log of this channel' }).click();
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    expect(await page.getByLabel('Channel').inputValue()).toBe('ops-hook');
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByLabel('Status').selectOption('delivered');
    await expect.poll(() => rows.count()).toBe(2);
    expect(page.url()).toContain('status=delivered');
    await page.getByLabel('Status').selectOption('pending');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('class')).toBe('row-bad');
    expectNoProblems();
  });

  it('fits a phone: no sideways scrolling, the form stacks, deliveries become blocks', async () => {
    await page.setViewportSize(PHONE);
    try {
      await page.getByLabel('Status').selectOption('');
      await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
      expect(await scrollsSideways()).toBe(false);
      // Stacked rows show each cell's label.
      const label = await page.evaluate<string>(`getComputedStyle(document.querySelector('tbody td[data-label="Due"]'), '::before').content`);
      expect(label).toContain('Due');
      await shot('04-log-phone');

      await page.getByRole('link', { name: 'Channels' }).click();
      await page.getByRole('button', { name: 'Edit Ops hook' }).click();
      const form = page.getByRole('form', { name: 'Channel Ops hook' });
      await form.waitFor();
      const [id, name] = await Promise.all([form.getByLabel('Id').boundingBox(), form.getByLabel('Name').boundingBox()]);
      expect(name!.y).toBeGreaterThan(id!.y); // one field under the other
      expect(name!.x + name!.width).toBeLessThanOrEqual(PHONE.width);
      expect(await scrollsSideways()).toBe(false);
      await shot('05-channel-phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    expectNoProblems();
  });

  it('says at the url field that a server without ROTA_WEBHOOK_ALLOW_PRIVATE refuses 127.0.0.1, and stores nothing', async () => {
    const strict = await harness.startServer({ timer: stillTimer });
    await signIn(strict, ADMIN);
    await harness.nav('Notifications');
    await page.getByRole('button', { name: 'New channel' }).click();
    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Id').fill('local-hook');
    await form.getByLabel('Name').fill('Local hook');
    await form.getByLabel('URL', { exact: true }).fill(`${hook.url}/hook`);
    await form.getByRole('button', { name: 'Create channel' }).click();

    const error = form.locator('.field-error[data-path="/url"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/loopback|private|ROTA_WEBHOOK_ALLOW_PRIVATE/i);
    expect(await form.getByLabel('URL', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await apiCall(strict, await adminSession(strict), 'GET', '/channels')).toEqual({ items: [] });
    await shot('06-private-url-refused');
    expectNoProblems();
  });

  it('lets a viewer set up their own ntfy reminder, and test it', async () => {
    await page.goto(base); // the first server, still signed in as the admin there
    // Let the admin's home page finish loading (its cards drawn from their data): a request it
    // sends after signing out is a 401.
    await page.locator('.now-facts').first().waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(base, VIEWER);
    await harness.nav('Calendar feeds');
    const remind = page.getByRole('region', { name: 'Remind me' });
    await remind.getByText('You have no reminders yet.').waitFor();
    await remind.getByRole('button', { name: 'Add a reminder' }).click();
    const form = remind.getByRole('form', { name: 'New reminder' });
    expect(await form.getByLabel('Kind').inputValue()).toBe('ntfy');
    const events = form.getByRole('group', { name: 'Events' });
    const checked = async (label: string) => events.getByLabel(label).isChecked();
    expect([await checked('Reminder before a shift'), await checked('A shift starts (handoff)'), await checked('Shifts changed by an edit')]).toEqual([true, true, true]);
    expect([await checked('Coverage gap ahead'), await checked('Outage bulletin updated')]).toEqual([false, false]);
    expect(await form.getByLabel('Reminder', { exact: true }).inputValue()).toBe('PT24H');
    await form.getByLabel('Reminder', { exact: true }).selectOption({ label: 'Other…' });
    await form.getByLabel('Remind this long before').fill('PT36H');
    await form.getByLabel('Topic URL').fill(`${hook.url}/vera-reminders`);
    await form.getByRole('button', { name: 'Create reminder' }).click();

    const listed = remind.getByRole('list', { name: 'Your reminders' }).getByRole('listitem');
    await listed.getByText('Reminders for Vera Viewer').waitFor();
    expect(await listed.textContent()).toContain('ntfy (phone push) · Reminder PT36H before, A shift starts (handoff), Shifts changed by an edit');
    const { items } = await apiCall(base, adminToken, 'GET', '/channels');
    const mine = items.find((c: { person?: string }) => c.person === 'vera');
    expect(mine).toMatchObject({ kind: 'ntfy', url: `${hook.url}/vera-reminders`, events: ['shift.upcoming', 'shift.started', 'shifts.changed'], remindBefore: 'PT36H' });
    expect(mine.id).toMatch(/^vera-ntfy-[a-z0-9]+$/);

    const before = hook.requests.length;
    await tools('Reminders for Vera Viewer').getByRole('button', { name: 'Send test' }).click();
    const result = tools('Reminders for Vera Viewer').getByRole('status', { name: 'Test result' });
    await result.waitFor();
    expect(await result.textContent()).toContain('delivered');
    const [received] = await requestsAfter(before, 1);
    expect(JSON.parse(received!.body)).toMatchObject({ topic: 'vera-reminders', title: 'Test notice from Rota' });
    // A viewer has no delivery log page to link to.
    expect(await tools('Reminders for Vera Viewer').getByRole('link', { name: /delivery log/ }).count()).toBe(0);
    await shot('07-viewer-reminder');
    expectNoProblems();
  });

  it('tells the viewer clearly, at Kind, that email needs ROTA_SMTP_URL, and keeps the reminder as it was', async () => {
    const remind = page.getByRole('region', { name: 'Remind me' });
    const form = remind.getByRole('form', { name: 'Reminder Reminders for Vera Viewer' });
    await form.getByLabel('Kind').selectOption('email');
    await form.getByLabel('Email address').fill(VIEWER.email);
    await form.getByRole('button', { name: 'Save reminder' }).click();
    const error = form.locator('.field-error[data-path="/kind"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('ROTA_SMTP_URL');
    const { items } = await apiCall(base, adminToken, 'GET', '/channels');
    expect(items.find((c: { person?: string }) => c.person === 'vera')).toMatchObject({ kind: 'ntfy' });

    await page.setViewportSize(PHONE);
    try {
      expect(await scrollsSideways()).toBe(false);
      await error.scrollIntoViewIfNeeded();
      await shot('08-viewer-email-refused-phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    expectNoProblems();
  });

  it('deletes the reminder', async () => {
    const remind = page.getByRole('region', { name: 'Remind me' });
    await remind.getByRole('button', { name: 'Delete Reminders for Vera Viewer' }).click();
    await remind.getByRole('button', { name: 'Confirm delete Reminders for Vera Viewer' }).click();
    await remind.getByText('You have no reminders yet.').waitFor();
    const { items } = await apiCall(base, adminToken, 'GET', '/channels');
    expect(items.map((c: { id: string }) => c.id)).toEqual(['ops-hook']);
    expectNoProblems();
  });

  it('explains to a viewer whose email no person has why there is nothing to set up', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(base, STRANGER);
    // Where a notice's link leads: a viewer gets their own reminders there.
    await page.goto(`${base}/#/channels`);
    const remind = page.getByRole('region', { name: 'Remind me' });
    await remind.getByText(`no person has your email (${STRANGER.email})`).waitFor();
    expect(await remind.getByRole('button', { name: 'Add a reminder' }).count()).toBe(0);
    await shot('09-viewer-no-person');
    expectNoProblems();
  });
});
