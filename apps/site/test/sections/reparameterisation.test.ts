// Section 3 (reparameterisation) in the BUILT site, headless Chromium on WASM: "Sample ε" (button and
// key) draws z = μ + σ ⊙ ε and decodes it; the same seed gives the same z; reduced motion jumps.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser, openSite, type SitePage, screenshot } from '../harness/site-page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser({ webgpu: false });
});
afterAll(async () => {
  await browser?.close();
});

async function openLive(query: string, reducedMotion = false): Promise<SitePage> {
  const site = await openSite(browser, { backend: 'wasm', query, reducedMotion });
  await site.page.locator('#reparameterisation').scrollIntoViewIfNeeded();
  await site.page.waitForSelector('reparameterisation-figure[data-live="true"]', { timeout: 60_000 });
  return site;
}

/** The drawn z's as the plane shows them (px), and the latest decoded z. */
async function drawnState(page: Page): Promise<{ points: string[]; decodedAt: string | undefined }> {
  const points = await page
    .locator('#reparameterisation g.drawn-z circle')
    .evaluateAll((circles) => circles.map((c) => `${c.getAttribute('cx')},${c.getAttribute('cy')}`));
  const decodedAt = await page
    .locator('#reparameterisation [data-decoded]')
    .evaluate((slot) => (slot as HTMLElement).dataset.decodedAt);
  return { points, decodedAt };
}

describe('section 3: reparameterisation', () => {
  let site: SitePage;
  let drawn: { points: string[]; decodedAt: string | undefined };
  beforeAll(async () => {
    site = await openLive('reparam.seed=7');
  });
  afterAll(async () => {
    await site?.close();
  });

  it('the button and the keys each draw a z and decode it; the URL counts the draws', async () => {
    const { page } = site;
    await page.locator('#reparameterisation [data-sample]').click();
    await page.waitForSelector('reparameterisation-figure[data-draws="1"]');
    await page.locator('#reparameterisation [data-plot]').focus();
    await page.keyboard.press('Space');
    await page.waitForSelector('reparameterisation-figure[data-draws="2"]');
    await page.keyboard.press('e');
    await page.waitForSelector('reparameterisation-figure[data-draws="3"]');
    await expect.poll(() => new URL(page.url()).searchParams.get('reparam.draws')).toBe('3');
    await expect.poll(async () => (await drawnState(page)).decodedAt).toBeDefined();
    const readout = (await page.locator('#reparameterisation [data-readout]').textContent()) ?? '';
    expect(readout).toMatch(/^Draw 3: ε = \(.+\), σ ⊙ ε = \(.+\), z = μ \+ σ ⊙ ε = \(.+\)\.$/);
    expect(await page.locator('#reparameterisation g.drawn-z circle').count()).toBe(3);
    expect(await page.locator('#reparameterisation [data-strip] image').getAttribute('href')).toMatch(
      /^data:image\/png/,
    );
    drawn = await drawnState(page);
    await screenshot(page, '#reparameterisation', 'sections', 'reparameterisation');
    expect(site.consoleErrors).toEqual([]);
  });

  it('same seed, same z: clearing and drawing again, and a link, replay the same draws', async () => {
    const { page } = site;
    await page.locator('#reparameterisation [data-clear]').click();
    await page.waitForSelector('reparameterisation-figure[data-draws="0"]');
    for (const n of [1, 2, 3]) {
      await page.locator('#reparameterisation [data-sample]').click();
      await page.waitForSelector(`reparameterisation-figure[data-draws="${n}"]`);
    }
    await expect.poll(() => drawnState(page)).toEqual(drawn);
    const link = await openLive('reparam.seed=7&reparam.draws=3', true);
    try {
      await expect.poll(() => drawnState(link.page), { timeout: 60_000 }).toEqual(drawn);
    } finally {
      await link.close();
    }
  }, 120_000);
});
