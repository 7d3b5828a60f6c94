/**
 * The status page in Chromium (spec §15): served as the app serves it (its CSP: styles inline,
 * nothing from elsewhere, no script), it shows the same text with JavaScript on and off, passes
 * axe-core without serious or critical violations, fits a 390 px phone without scrolling sideways,
 * and runs nothing of the hostile texts it shows. Screenshots go to test/screenshots/status-*.png.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusHtml, type StatusDocument } from '../../src/render/status/index.js';
import { CHROMIUM, HAS_CHROMIUM, SHOTS } from '../browser/harness.js';
import { EVIL, hostileDoc, realisticDoc } from './fixtures.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
/** The app's Content-Security-Policy for its pages (src/app.ts). */
const CSP = "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;connect-src 'self'";

const allWell: StatusDocument = {
  ...realisticDoc(),
  overall: 'operational',
  components: realisticDoc().components.map((c) => ({ ...c, status: 'operational' as const })),
  openIncidents: [],
  nextUpdateBy: null,
};
const PAGES: Record<string, StatusDocument> = { outage: realisticDoc(), operational: allWell, hostile: hostileDoc() };

describe.skipIf(!HAS_CHROMIUM)('the status page in Chromium', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  /** Every path the pages asked for besides their own (they need nothing else). */
  const requested: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const doc = PAGES[req.url!.slice(1)];
      if (!doc) {
        requested.push(req.url!);
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP }).end(statusHtml(doc));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  /** A page of a fresh context, failing the test on any console error (a CSP violation is one) or dialog. */
  async function open(name: string, options: { javaScriptEnabled: boolean; viewport: { width: number; height: number } }) {
    const context = await browser.newContext({ ...options, locale: 'de-DE', timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const response = await page.goto(`${origin}/${name}`);
    expect(response?.status()).toBe(200);
    return { page, problems, close: () => context.close() };
  }

  const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(SHOTS, `status-${name}.png`), fullPage });

  it('shows the same text with JavaScript on and off, loads nothing else and breaks no CSP rule', { timeout: 60_000 }, async () => {
    for (const name of Object.keys(PAGES)) {
      const on = await open(name, { javaScriptEnabled: true, viewport: DESKTOP });
      const off = await open(name, { javaScriptEnabled: false, viewport: DESKTOP });
      const text = await on.page.locator('body').innerText();
      expect(text).toContain(name === 'operational' ? 'All systems operational' : 'Resolved in the last 14 days');
      expect(await off.page.locator('body').innerText(), name).toBe(text);
      await shot(on.page, `${name}-desktop`);
      if (name === 'outage') await shot(off.page, 'outage-desktop-nojs');
      expect([...on.problems, ...off.problems], name).toEqual([]);
      if (name === 'outage') {
        // Earlier updates open without JavaScript (a <details>), by keyboard as by mouse.
        const earlier = off.page.locator('#inc-000000000001 summary');
        await expect.poll(() => off.page.getByText(/^Update 9\./).first().isVisible()).toBe(false);
        await earlier.focus();
        await off.page.keyboard.press('Enter');
        await expect.poll(() => off.page.locator('#inc-000000000001').getByText(/^Update 9\./).isVisible()).toBe(true);
      }
      await on.close();
      await off.close();
    }
    expect(requested.filter((path) => path !== '/favicon.ico')).toEqual([]);
  });

  it('passes axe-core without serious or critical violations', { timeout: 60_000 }, async () => {
    const runs = [['outage', DESKTOP], ['outage', PHONE], ['operational', DESKTOP], ['hostile', PHONE]] as const;
    for (const [name, viewport] of runs) {
      const { page, close } = await open(name, { javaScriptEnabled: true, viewport });
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `${name} at ${viewport.width} px`).toEqual([]);
      // The checks that matter here did run.
      expect(results.passes.map((p) => p.id)).toEqual(expect.arrayContaining(['color-contrast', 'html-has-lang', 'landmark-one-main', 'heading-order']));
      await close();
    }
  });

  it('fits a 390 px phone without scrolling sideways', { timeout: 60_000 }, async () => {
    for (const name of Object.keys(PAGES)) {
      const { page, close } = await open(name, { javaScriptEnabled: true, viewport: PHONE });
      const widths = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })')) as { scroll: number; client: number };
      expect(widths.scroll, name).toBeLessThanOrEqual(widths.client);
      expect(widths.client).toBe(PHONE.width);
      await shot(page, `${name}-phone`);
      if (name === 'outage') await shot(page, 'outage-phone-full', true);
      await close();
    }
  });

  it('shows hostile texts as text and runs none of them', async () => {
    const { page, problems, close } = await open('hostile', { javaScriptEnabled: true, viewport: DESKTOP });
    expect(await page.locator('h1').innerText()).toBe(`Status ${EVIL}`);
    expect(await page.locator('img, script').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Script link' }).count()).toBe(0);
    expect(await page.getByText('Script link').count()).toBe(1);
    await page.waitForTimeout(200); // time for an onerror that should not exist
    expect(problems).toEqual([]);
    await close();
  });
});
