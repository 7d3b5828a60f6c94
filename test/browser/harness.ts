/**
 * Shared setup of the browser tests: a fresh development build of web/, the real server on a temp
 * SQLite file listening on a random port, and headless Chromium with a 1280×860 page whose console
 * errors, page errors and unexpected HTTP errors are collected for `expectNoProblems`. The server's
 * clock and the page's are both held at TEST_NOW, so what the pages show (this year's holidays,
 * who is on call now) does not depend on the day the tests run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { AppConfig } from '../../src/config.js';
import { fixedClock, TEST_NOW } from '../clock.js';

export const CHROMIUM = '/usr/bin/chromium';

/** A request to the API at `origin` as `token`; fails the test unless it succeeds; the answer's JSON. */
export async function apiCall(origin: string, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${origin}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  expect(response.ok, `${method} ${path}: ${response.status} ${text}`).toBe(true);
  return text ? JSON.parse(text) : undefined;
}
/** A bearer token for `user` (the admin by default) from the server at `origin`. */
export async function tokenAt(origin: string, user: { email: string; password: string } = ADMIN): Promise<string> {
  const login = await fetch(`${origin}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  expect(login.ok, `login as ${user.email}: ${login.status}`).toBe(true);
  return ((await login.json()) as { token: string }).token;
}
/** Signs `user` in through the form at `origin` and waits for their home page ("On call now" for an admin, "My shifts" for a viewer). */
export async function signInAt(page: Page, origin: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(origin);
  await expect.poll(() => page.getByLabel('Email').isVisible()).toBe(true);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^(On call now|My shifts)$/, level: 1 }).waitFor();
}

/**
 * Shows `target`, pressing `unfold` first where a narrow screen folds it away (the menu, the
 * editor's preview). It waits until one of the two is visible: right after a navigation the app
 * may not have drawn either yet, and deciding then would skip the unfolding (CI saw exactly that).
 */
export async function reveal(target: Locator, unfold: Locator, press: (button: Locator) => Promise<void> = (button) => button.click()): Promise<void> {
  await target.or(unfold).filter({ visible: true }).first().waitFor();
  if (!(await target.isVisible()) && (await unfold.getAttribute('aria-expanded')) !== 'true') await press(unfold);
}

export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** The two widths every screen is checked at: a laptop and a phone. */
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/** Whether the page is wider than the viewport (a phone user would have to scroll sideways). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');
}

/** axe-core's serious and critical violations on the page as it is now, as "rule: selectors". */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).analyze();
  return axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SHOTS = join(ROOT, 'test/screenshots');
export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' };

/** An HTTP error a test provokes on purpose (the live preview validating half-typed forms…). */
export interface ExpectedHttpError {
  path: RegExp;
  status: number;
}

export interface BrowserHarness {
  /** Origin of the server, e.g. http://127.0.0.1:41234. */
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Screenshot of the viewport to test/screenshots/<prefix><name>.png. */
  shot: (name: string) => Promise<Buffer>;
  /** Clicks a link of the main navigation (opening the menu on a narrow screen). */
  nav: (name: string) => Promise<void>;
  /** Fails with the console errors, page errors and unexpected HTTP errors seen since the last call. */
  expectNoProblems: () => void;
  /**
   * Another server serving the same build, on a database of its own and configured with `config`
   * (what the first one is not): its origin, where the page must sign in again. Closed with the harness.
   */
  startServer: (config: Partial<AppConfig>) => Promise<string>;
  close: () => Promise<void>;
}

export async function startBrowserHarness({ expectedHttpErrors = [], shotPrefix = '', config = {}, locale = 'en-GB' }: {
  expectedHttpErrors?: ExpectedHttpError[];
  shotPrefix?: string;
  /** The browser's locale, which the app's dates follow: 'en-GB' (day before month, 24-hour clock) unless a test asks for another. */
  locale?: string;
  /** Settings of the server beyond the harness's own (webhookAllowPrivate…). */
  config?: Partial<AppConfig>;
} = {}): Promise<BrowserHarness> {
  const tmp = mkdtempSync(join(tmpdir(), 'rota-browser-'));
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    for (const app of apps) await app.close();
    rmSync(tmp, { recursive: true, force: true });
  };
  const webRoot = join(tmp, 'web');
  /** A server on database `name` in the temp dir, serving the build: its origin. */
  const serve = async (name: string, overrides: Partial<AppConfig>) => {
    const app = await buildApp({
      dbPath: join(tmp, `${name}.db`),
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      jwtSecret: 'browser-test-secret-browser-test-secret',
      logger: false,
      webRoot,
      now: fixedClock(TEST_NOW),
      ...overrides,
    });
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('server has no port');
    return `http://127.0.0.1:${address.port}`;
  };
  try {
    // React's development build, so its warnings (keys, controlled inputs, effects run twice by
    // StrictMode) surface here as console errors; `npm run build:web` ships the production build.
    await build({
      configFile: join(ROOT, 'web/vite.config.ts'),
      mode: 'development',
      logLevel: 'warn',
      define: { 'process.env.NODE_ENV': JSON.stringify('development') },
      build: { outDir: webRoot, emptyOutDir: true, minify: false, chunkSizeWarningLimit: 4096 },
    });
    const base = await serve('rota', config);
    mkdirSync(SHOTS, { recursive: true });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const context = await browser.newContext({ viewport: DESKTOP, timezoneId: 'America/New_York', locale });
    // Date in the page says TEST_NOW, like the server; timers still run in real time.
    await context.clock.setFixedTime(TEST_NOW);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);

    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // Failed requests are judged by status below, not by Chromium's console line about them.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      const status = response.status();
      if (status >= 400 && !expectedHttpErrors.some((e) => e.status === status && e.path.test(path))) {
        problems.push(`HTTP ${status} ${response.request().method()} ${path}`);
      }
    });

    return {
      base,
      browser,
      context,
      page,
      shot: (name) => page.screenshot({ path: join(SHOTS, `${shotPrefix}${name}.png`), fullPage: false }),
      nav: async (name) => {
        // Under 800 px the links are folded behind the "Menu" button.
        const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
        await reveal(link, page.getByRole('button', { name: 'Menu', exact: true }));
        await link.click();
      },
      expectNoProblems: () => {
        const found = problems.splice(0);
        expect(found, found.join('\n')).toEqual([]);
      },
      startServer: (overrides) => serve(`rota-${apps.length}`, overrides),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
