import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Without it the browser
 * suites are skipped with a notice, except under CI=true, where they fail (.ci/run installs it).
 */
export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && path !== '' && existsSync(path),
);
const CI = process.env.CI === 'true' || process.env.CI === '1';
if (CHROMIUM === undefined && !CI) {
  console.warn('NOTICE: the browser suites are SKIPPED: Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH). Under CI=true they fail instead.');
}
export const describeBrowser: jest.Describe = CHROMIUM !== undefined || CI ? describe : describe.skip;

export async function launchChromium(): Promise<Browser> {
  if (CHROMIUM === undefined) throw new Error('Chromium is required under CI=true but was not found (/usr/bin/chromium or CHROMIUM_PATH); .ci/run installs it with apt-get.');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const WIDE = { width: 1280, height: 860 } as const;
export const NARROW = { width: 390, height: 844 } as const;

/** Screenshots are artifacts of the run (.ci-out/screenshots), never committed from here. */
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(__dirname, '..', '..', '.ci-out', 'screenshots');
/** Set UPDATE_DOCS_SCREENSHOTS=1 to also refresh the README's pictures in docs/. */
const DOCS_DIR = join(__dirname, '..', '..', 'docs');

/**
 * The page as it is now at 1280 px and at 390 px (full length), named `<name>-1280.png` and
 * `<name>-390.png`; `docs` names the copy kept in docs/ when UPDATE_DOCS_SCREENSHOTS=1.
 */
export async function screenshotBothWidths(page: Page, name: string, docs?: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize() ?? WIDE;
  for (const size of [WIDE, NARROW]) {
    await page.setViewportSize(size);
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${size.width}.png`), fullPage: true });
    if (docs !== undefined && size === WIDE && process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
      mkdirSync(DOCS_DIR, { recursive: true });
      await page.screenshot({ path: join(DOCS_DIR, docs), fullPage: false });
    }
  }
  await page.setViewportSize(before);
}
