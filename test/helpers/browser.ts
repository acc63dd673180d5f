/**
 * Browser-test harness: the real system (API + web UI + worker) on a cloned database with demo
 * data, driven by Chromium (Debian's, else the npm package's: see chromium-path.ts) through
 * playwright-core, with an axe-core check helper.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
    dropDb = () => db.drop();
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

/**
 * Every icon on the page (<svg><use href="sprite.svg#name">, also inside the design system's
 * shadow roots: the modal's close X, alert icons) points at a sprite the app serves with that
 * symbol in it. Without the sprite the icons are blank boxes, which axe does not notice.
 */
export async function expectIconsDrawn(page: Page, name = ''): Promise<number> {
  const icons = await page.evaluate(async () => {
    const hrefs: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName === 'use') hrefs.push(el.getAttribute('href') ?? el.getAttribute('xlink:href') ?? '');
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const sprites = new Map<string, string>();
    const missing: string[] = [];
    for (const href of new Set(hrefs)) {
      const [file = '', id = ''] = href.split('#');
      if (!sprites.has(file)) {
        const res = await fetch(file);
        sprites.set(file, res.ok && (res.headers.get('content-type') ?? '').includes('svg') ? await res.text() : '');
      }
      if (!id || !sprites.get(file)!.includes(`id="${id}"`)) missing.push(href);
    }
    return { count: hrefs.length, missing };
  });
  expect(icons.missing, `${name}: icons whose sprite or symbol is missing`).toEqual([]);
  return icons.count;
}

/** Where the browser tests keep their screenshots (git-ignored; regenerated on every run). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));

export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'mobile', width: 390, height: 844 },
] as const;

/**
 * Visual checks at 1280 and 390 px, then a full-page screenshot per width (test/screenshots/<name>-<width>.png):
 *  - the VA Design System fonts are loaded (Source Sans Pro Web for text, Bitter for headings);
 *  - every label/value row (.rxb-field: dt + dd) shares a row: the value's box starts on the
 *    label's line (tops within 3 px) and both are side by side, not stacked;
 *  - nothing overflows horizontally (document and every element stay within the viewport);
 *  - every icon's sprite is served and has the icon (expectIconsDrawn).
 * Leaves the page at 1280 px.
 */
export async function checkLayoutAndScreenshot(page: Page, name: string, ready: () => Promise<unknown> = async () => undefined): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await ready();
    await page.waitForFunction(() => [...document.querySelectorAll('*')].every((el) => !el.tagName.startsWith('VA-') || el.classList.contains('hydrated')));
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() => ({
      sans: document.fonts.check('16px "Source Sans Pro Web"'),
      serif: document.fonts.check('bold 16px Bitter'),
      loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.weight}`),
    }));
    expect(
      fonts.loaded.some((f) => f.includes('Source Sans Pro Web')),
      `${name}@${vp.width}: Source Sans Pro loaded (${fonts.loaded.join(', ')})`,
    ).toBe(true);
    expect(fonts.sans && fonts.serif, `${name}@${vp.width}: VA fonts available`).toBe(true);
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('.rxb-field')].map((row) => {
        const dt = row.querySelector('dt')!.getBoundingClientRect();
        const dd = row.querySelector('dd')!.getBoundingClientRect();
        return {
          label: row.querySelector('dt')!.textContent,
          dtTop: dt.top,
          ddTop: dd.top,
          dtRight: dt.right,
          ddLeft: dd.left,
          dtBottom: dt.bottom,
          ddBottom: dd.bottom,
        };
      }),
    );
    for (const r of rows) {
      expect(Math.abs(r.ddTop - r.dtTop), `${name}@${vp.width}: "${r.label}" value starts on its label's row`).toBeLessThanOrEqual(3);
      expect(r.ddLeft, `${name}@${vp.width}: "${r.label}" value beside its label`).toBeGreaterThanOrEqual(r.dtRight - 1);
    }
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.right > width + 1 && getComputedStyle(el).position !== 'fixed';
        })
        .slice(0, 5)
        .map(
          (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`,
        );
      return { scroll: document.documentElement.scrollWidth, width, wide };
    });
    expect(overflow.wide, `${name}@${vp.width}: elements past the right edge`).toEqual([]);
    expect(overflow.scroll, `${name}@${vp.width}: horizontal scroll`).toBeLessThanOrEqual(overflow.width);
    await expectIconsDrawn(page, `${name}@${vp.width}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${vp.width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
