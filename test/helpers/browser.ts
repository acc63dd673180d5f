/**
 * Browser-test harness: the real system (API + web UI + worker) on a cloned database with demo
 * data, driven by Chromium (Debian's, else the npm package's: see chromium-path.ts) through
 * playwright-core, with an axe-core check helper.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadTestConfig } from '../../src/platform/config.js';
import { createDb, createPool } from '../../src/platform/db/pool.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import { systemClock } from '../../src/platform/context.js';
import { seedDemoData } from '../../src/seed/seed.js';
import { startSystem, type RunningSystem } from '../../src/server/system.js';
import { chromiumLaunchOptions } from './chromium-path.js';
import { createTestDatabase } from './db.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  const { executablePath, env } = await chromiumLaunchOptions();
  return chromium.launch({ executablePath, ...(env && { env }), args: CHROMIUM_ARGS, headless: true });
}

export interface BrowserHarness {
  system: RunningSystem;
  browser: Browser;
  baseUrl: string;
  /** A fresh browser context (own cookies) and page. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  /** Sign in through the mock sign-in page as the demo user with this display name. */
  signIn(page: Page, displayName: string): Promise<void>;
}

export function useBrowserHarness(): BrowserHarness {
  const h = {} as BrowserHarness;
  let dropDb: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const db = await createTestDatabase();
    dropDb = db.drop;
    const pool = createPool(db.url, 2);
    await seedDemoData(createDb(pool), systemClock.today());
    await pool.end();
    h.system = await startSystem({
      config: loadTestConfig({ PORT: '0', RATE_LIMIT_PER_MINUTE: '10000' }),
      databaseUrl: db.url,
      log: createLogger({ level: 'silent' }),
    });
    h.baseUrl = h.system.url;
    h.browser = await launchChromium();
  });
  afterAll(async () => {
    await h.browser?.close();
    await h.system?.stop();
    await dropDb?.();
  });
  h.newPage = async () => {
    const context = await h.browser.newContext({ baseURL: h.baseUrl });
    return { context, page: await context.newPage() };
  };
  h.signIn = async (page, displayName) => {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: new RegExp(`^Sign in as ${displayName}\\b`) }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  };
  return h;
}

/** Run axe-core (WCAG 2.x A/AA) on the current page and expect no violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // Design-system web components render asynchronously; wait until they have hydrated.
  await page.waitForFunction(() => [...document.querySelectorAll('*')].every((el) => !el.tagName.startsWith('VA-') || el.classList.contains('hydrated')));
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}
