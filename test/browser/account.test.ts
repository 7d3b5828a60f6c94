/**
 * A user changes their own password in the web app (here a viewer, who can change nothing else):
 * a wrong current password is shown at its field, a mistyped repeat is caught before sending, and
 * once changed this browser stays signed in while the user's other sessions end and only the new
 * password signs in. Screenshots go to test/screenshots/account-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, HAS_CHROMIUM, startBrowserHarness, type BrowserHarness } from './harness.js';

const VIEWER = { name: 'Vera Viewer', email: 'vera@example.com', password: 'a long viewer password' };
const NEW_PASSWORD = 'an even longer viewer password';

describe.skipIf(!HAS_CHROMIUM)('changing your own password in Chromium', () => {
  let harness: BrowserHarness;
  let page: Page;
  let base: string;
  /** A session of the viewer's opened elsewhere (another browser, a script): it must end. */
  let otherSession: string;

  async function login(email: string, password: string): Promise<Response> {
    return fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  }

  beforeAll(async () => {
    harness = await startBrowserHarness({
      shotPrefix: 'account-',
      expectedHttpErrors: [
        { path: /^\/api\/v1\/auth\/password$/, status: 400 },
        { path: /^\/api\/v1\/auth\/login$/, status: 401 },
      ],
    });
    ({ page, base } = harness);
    const admin = ((await (await login(ADMIN.email, ADMIN.password)).json()) as { token: string }).token;
    const created = await fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...VIEWER, role: 'viewer' }),
    });
    expect(created.status).toBe(201);
    otherSession = ((await (await login(VIEWER.email, VIEWER.password)).json()) as { token: string }).token;
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  async function signIn(password: string): Promise<void> {
    await page.getByLabel('Email').fill(VIEWER.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const form = () => page.getByRole('form', { name: 'Change password' });
  const fieldError = (path: string) => form().locator(`.field-error[data-path="${path}"]`);

  it('opens "Change password" from the top bar', async () => {
    await page.goto(base);
    await signIn(VIEWER.password);
    await page.getByRole('heading', { name: 'My shifts' }).waitFor();
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    expect(await form().textContent()).toContain(VIEWER.email);
    harness.expectNoProblems();
  });

  it('shows a wrong current password at its field, and a mistyped repeat before sending', async () => {
    await form().getByLabel('Current password', { exact: true }).fill('not my password');
    await form().getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form().getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await form().getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => fieldError('/currentPassword').textContent()).toBe('is not your current password');
    await harness.shot('01-wrong-current');

    let sent = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/auth/password')) sent++;
    });
    await form().getByLabel('Current password', { exact: true }).fill(VIEWER.password);
    await form().getByLabel('Repeat the new password').fill(`${NEW_PASSWORD}!`);
    await form().getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => fieldError('/confirmPassword').textContent()).toBe('must repeat the new password');
    expect(sent).toBe(0);
    // Still the old password: nothing was changed.
    expect((await login(VIEWER.email, VIEWER.password)).status).toBe(200);
    harness.expectNoProblems();
  });

  it('changes it: this browser stays signed in, the other session ends', async () => {
    await form().getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await form().getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    expect(await form().getByLabel('Current password', { exact: true }).inputValue()).toBe('');
    await harness.shot('02-changed');

    // The app carries on with the session the server answered.
    await harness.nav('People');
    await page.getByRole('heading', { name: 'People' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    const elsewhere = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${otherSession}` } });
    expect(elsewhere.status).toBe(401);
    harness.expectNoProblems();
  });

  it('signs in with the new password only', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(VIEWER.password);
    await page.getByText('Wrong email or password').waitFor();
    await signIn(NEW_PASSWORD);
    await page.getByRole('heading', { name: 'My shifts' }).waitFor();
    harness.expectNoProblems();
  });
});
