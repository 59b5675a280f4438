/**
 * The dashboard in a real browser (Debian's Chromium) against Pulseboard as
 * `npm start` runs it, with the demo's two years of simulated data: the
 * overview's numbers are the API's, the range lives in the URL and survives a
 * reload, the phone layout does not scroll sideways, and axe finds no serious
 * or critical accessibility violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signIn, VIEWPORTS } from './browser.js';
import { apiGet, ensureBuilt, eventually, login, pageOverflowsHorizontally, screenshot, seriousViolations } from './helpers.js';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;
let browser: Browser;
let token: string;

interface Dashboard {
  range: { from: string; to: string };
  totals: { views: number | null; engagement: number | null; posts: number };
}

beforeAll(async () => {
  await ensureBuilt();
  server = await startServer();
  browser = await launchBrowser();
  token = await login(server.base, server.demo.email, server.demo.password);
  // The demo's backfill runs in the background: wait for its first numbers.
  await eventually(async () => {
    const d = await apiGet<Dashboard>(server.base, token, '/api/v1/analytics/dashboard?range=all');
    return d.totals.views !== null && d.totals.posts > 0 ? d : undefined;
  }, 150_000, 'the demo data');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await signIn(page, server.base, server.demo.email, server.demo.password);
  return { context, page };
}

describe.each(Object.entries(VIEWPORTS))('overview on %s', (name, viewport) => {
  it('shows the API\'s numbers for the range in the URL, and a reload keeps the range', { timeout: 240_000 }, async () => {
    const { context, page } = await openPage(viewport);
    try {
      const from = '2026-01-01';
      const to = '2026-06-30';
      await page.goto(`${server.base}/?from=${from}&to=${to}`);
      await page.getByTestId('overview').waitFor();
      // The demo keeps syncing: the page and a fresh API answer agree once the live update of the
      // latest sync has reached the page (it reloads its figures by itself).
      const views = page.locator('.kpi', { hasText: 'Views' }).locator('.kpi-value');
      const format = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n));
      await eventually(
        async () => {
          const api = await apiGet<Dashboard>(server.base, token, `/api/v1/analytics/dashboard?from=${from}&to=${to}&tz=UTC`);
          return (await views.textContent()) === format(api.totals.views) ? true : undefined;
        },
        60_000,
        'the overview\'s Views to equal the API\'s',
      );

      // A preset from the picker goes into the URL; a reload keeps it.
      await page.getByLabel('Date range').selectOption('90d');
      await page.waitForURL(/range=90d/);
      await page.reload();
      await page.getByTestId('overview').waitFor();
      expect(await page.getByLabel('Date range').inputValue()).toBe('90d');

      // Charts draw (the chart library arrives in its own chunk).
      await page.locator('.chart-canvas[data-rendered="true"]').first().waitFor();
      await screenshot(page, `overview-${name}`);
      expect(await pageOverflowsHorizontally(page)).toBe(false);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('sign in', () => {
  it('refuses a wrong password with the API\'s message and stays on the form', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    try {
      await page.goto(`${server.base}/login`);
      await page.getByLabel('E-mail').fill(server.demo.email);
      await page.getByLabel(/^Password/).fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/\S/);
      await screenshot(page, 'sign-in-error-phone');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a returning page', () => {
  it('asks for the overview\'s figures once each, before GET /me, and gets its scripts compressed', { timeout: 600_000 }, async () => {
    // Until every demo account's backfill has finished, the past range keeps changing: the page rightly
    // reloads its figures on each live update, and follower counts (the fourth chart) may not be there yet.
    await eventually(async () => {
      const { accounts } = await apiGet<{ accounts: Array<{ last_synced_at: string | null }> }>(server.base, token, '/api/v1/accounts');
      return accounts.length > 0 && accounts.every((a) => a.last_synced_at !== null) ? true : undefined;
    }, 240_000, 'every demo account synced once').catch(() => undefined); // then the counts below are read up to GET /me only
    const { context, page } = await openPage(VIEWPORTS.desktop);
    try {
      // A past range: the demo's syncs change today's figures, whose live updates would load them again.
      const url = `${server.base}/?from=2025-01-01&to=2026-03-31`;
      await page.goto(url);
      await page.getByTestId('overview').waitFor();
      const requests: string[] = [];
      const encodings: (string | undefined)[] = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      page.on('response', (r) => {
        if (new URL(r.url()).pathname.startsWith('/assets/') && r.url().endsWith('.js')) encodings.push(r.headers()['content-encoding']);
      });
      await page.reload();
      // Generous: CI runs this beside the demo's syncs and the rest of the suite. On a timeout, say what the page had.
      await page.waitForFunction(() => {
        const charts = [...document.querySelectorAll<HTMLElement>('.chart-canvas')];
        return charts.length >= 3 && charts.every((c) => c.dataset.rendered === 'true');
      }, undefined, { timeout: 90_000 }).catch(async (error: unknown) => {
        const charts = await page.locator('.chart-canvas').evaluateAll((list) => list.map((c) => (c as HTMLElement).dataset.rendered ?? 'unset'));
        const main = (await page.locator('main').textContent().catch(() => ''))?.replace(/\s+/g, ' ').slice(0, 300);
        throw new Error(`the overview's four charts were not drawn: charts ${JSON.stringify(charts)}; requests ${JSON.stringify(requests)}; the page shows: ${main}`, { cause: error });
      });
      // The remembered session lets the page ask at once; /me still confirms it. Before /me answers, each
      // figure is asked for once (later live updates of a still-syncing demo may rightly ask again).
      expect(requests).toContain('/api/v1/me');
      const beforeMe = requests.slice(0, requests.indexOf('/api/v1/me'));
      expect(beforeMe.filter((p) => p === '/api/v1/analytics/dashboard')).toHaveLength(1);
      expect(beforeMe.filter((p) => p === '/api/v1/analytics/growth')).toHaveLength(1);
      expect(requests.indexOf('/api/v1/analytics/dashboard')).toBeLessThan(requests.indexOf('/api/v1/me'));
      expect(encodings.length).toBeGreaterThan(0);
      expect(encodings.every((e) => e === 'br')).toBe(true);
    } finally {
      await context.close();
    }
  });
});
