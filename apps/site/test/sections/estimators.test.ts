// The estimator lab (issue 11, section 2) in the BUILT site, headless Chromium: core's two estimators
// run live on tfjs's CPU backend; in the default setting their means agree within 2 standard errors
// and the score function's variance is larger; L (select or arrow keys) and the seed live in the URL.
import { launchChromium } from '@ellipse/browser-test/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type SitePage, screenshot } from '../harness/site-page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ webgpu: false });
});
afterAll(async () => {
  await browser?.close();
});

const FIGURE = 'estimators-figure';

/** Opens the page, counts the plot's redraws, scrolls to the lab and waits for its first result. */
async function openLab(query: string, reducedMotion = false): Promise<SitePage> {
  const site = await openSite(browser, { backend: 'wasm', query, reducedMotion });
  await site.page.evaluate(() => {
    const plot = document.querySelector('#estimators [data-plot]') as HTMLElement;
    new MutationObserver(() => {
      plot.dataset.redraws = String(Number(plot.dataset.redraws ?? 0) + 1);
    }).observe(plot, { childList: true });
  });
  await site.page.evaluate(() => document.querySelector('#estimators')?.scrollIntoView());
  await site.page.waitForSelector(`${FIGURE}[data-state="done"]`, { timeout: 120_000 });
  return site;
}

const readout = async (page: Page) => (await page.locator('#estimators [data-readout]').textContent()) ?? '';
const attribute = (page: Page, name: string) => page.locator(FIGURE).getAttribute(name);

describe('section 10: the estimator lab', () => {
  let site: SitePage;
  beforeAll(async () => {
    site = await openLab('');
  }, 180_000);
  afterAll(async () => {
    await site?.close();
  });

  it('default setting: the means agree within their standard errors; the variance ratio is > 1', async () => {
    const { page } = site;
    expect(await attribute(page, 'data-computed-l')).toBe('8');
    expect(await attribute(page, 'data-agree')).toBe('true');
    expect(Number(await attribute(page, 'data-ratio'))).toBeGreaterThan(1);
    const text = await readout(page);
    expect(text).toMatch(/^L = 8, 200 estimates each\. Reparameterisation: mean .+ ± .+, variance .+\. /);
    expect(text).toMatch(/Score function \(leave-one-out baseline\): mean /);
    expect(await attribute(page, 'data-computed-baseline')).toBe('leave-one-out');
    expect(text).toMatch(/they agree within 2\)\. Variance ratio, score \/ reparameterisation: \d+\.\d\.$/);
    expect(await page.locator('#estimators [data-backend]').textContent()).toMatch(
      /TensorFlow\.js's cpu backend, chosen because/,
    );
    for (const key of ['reparam', 'score']) {
      const counts = await page
        .locator(`#estimators g.estimator-${key} rect.estimator-bar`)
        .evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('data-count'))));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(200);
    }
    await screenshot(page, '#estimators', 'sections', 'estimators');
    expect(site.consoleErrors).toEqual([]);
    expect(site.offOrigin).toEqual([]);
  });

  it('changing L with the arrow keys on the focused plot changes the read-out and the URL', async () => {
    const { page } = site;
    const before = await readout(page);
    await page.locator('#estimators [data-plot]').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector(`${FIGURE}[data-computed-l="4"][data-state="done"]`, { timeout: 120_000 });
    const after = await readout(page);
    expect(after).toMatch(/^L = 4, /);
    expect(after).not.toBe(before);
    expect(new URL(page.url()).searchParams.get('est.L')).toBe('4');
    expect(await page.locator('#estimators [data-samples]').inputValue()).toBe('4');
    expect(site.consoleErrors).toEqual([]);
  });

  it('turning the baseline off keeps the means in agreement, raises the variance ratio, and goes in the URL', async () => {
    const { page } = site;
    const withBaseline = Number(await attribute(page, 'data-ratio'));
    await page.locator('#estimators [data-baseline]').uncheck();
    await page.waitForSelector(`${FIGURE}[data-computed-baseline="none"][data-state="done"]`, {
      timeout: 120_000,
    });
    expect(new URL(page.url()).searchParams.get('est.baseline')).toBe('0');
    expect(await readout(page)).toMatch(/Score function \(no baseline\): mean /);
    expect(await attribute(page, 'data-agree')).toBe('true');
    expect(Number(await attribute(page, 'data-ratio'))).toBeGreaterThan(withBaseline);
    await page.locator('#estimators [data-baseline]').check();
    await page.waitForSelector(`${FIGURE}[data-computed-baseline="leave-one-out"][data-state="done"]`, {
      timeout: 120_000,
    });
    expect(new URL(page.url()).searchParams.get('est.baseline')).toBeNull();
    expect(site.consoleErrors).toEqual([]);
  });

  it('a link reproduces the read-out (seed and L in the URL); reduced motion draws the result once', async () => {
    const link = await openLab('est.L=4&est.seed=1', true);
    try {
      expect(await readout(link.page)).toBe(await readout(site.page));
      expect(await link.page.locator('#estimators [data-plot]').getAttribute('data-redraws')).toBe('1');
      expect(link.consoleErrors).toEqual([]);
    } finally {
      await link.close();
    }
  });
});
