// Section 7 (draw your own digit) in the BUILT site, headless Chromium on WASM: drawing a stroke adds
// the drawing's ellipse to the plane and puts the drawing in the URL; picking a test digit encodes it
// to the same q(z|x) the models command recorded for it (the served posteriors table, computed in Node).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser, openSite, type SitePage, screenshot } from '../harness/site-page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser({ webgpu: false });
});
afterAll(async () => {
  await browser?.close();
});

describe('section 7: draw your own digit', () => {
  let site: SitePage;
  beforeAll(async () => {
    site = await openSite(browser, { backend: 'wasm' });
    await site.page.locator('#draw').scrollIntoViewIfNeeded();
    await site.page.waitForSelector('draw-figure[data-live="true"]', { timeout: 60_000 });
  });
  afterAll(async () => {
    await site?.close();
  });

  it('a stroke on the pad adds the drawing’s ellipse and keeps the drawing in the URL', async () => {
    const { page } = site;
    expect(await page.locator('#draw g.drawn-ellipse ellipse').count()).toBe(0);
    const box = await page.locator('#draw [data-pad]').boundingBox();
    if (box === null) throw new Error('the pad is not on screen');
    // a "1": a vertical stroke down the middle of the pad
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    for (let t = 0.2; t <= 0.8; t += 0.05)
      await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * t);
    await page.mouse.up();
    await page.waitForSelector('draw-figure[data-encoded="1"]', { timeout: 60_000 });
    expect(await page.locator('#draw g.drawn-ellipse ellipse').count()).toBe(2);
    expect(await page.locator('#draw [data-decoded] image').getAttribute('href')).toMatch(/^data:image\/png/);
    const drawing = new URL(page.url()).searchParams.get('draw.x');
    expect(drawing).toMatch(/^[A-Za-z0-9_-]{131}$/);
    await screenshot(page, '#draw', 'sections', 'draw');
    expect(site.consoleErrors).toEqual([]);

    const link = await openSite(browser, { backend: 'wasm', query: `draw.x=${drawing}` });
    try {
      await link.page.locator('#draw').scrollIntoViewIfNeeded();
      await link.page.waitForSelector('draw-figure[data-encoded="1"]', { timeout: 60_000 });
      expect(await link.page.locator('#draw g.drawn-ellipse ellipse').count()).toBe(2);
    } finally {
      await link.close();
    }
  }, 120_000);

  it('picking a test digit encodes it to the posterior the trainer exported for it', async () => {
    const { page } = site;
    const button = page.locator('#draw [data-example]').first();
    const index = Number(await button.getAttribute('data-example'));
    await button.click();
    await page.waitForSelector('draw-figure[data-encoded="2"]', { timeout: 60_000 });
    const mu = ((await page.locator('draw-figure').getAttribute('data-mu')) ?? '').split(',').map(Number);
    // the posteriors the site serves (as the page reads them), via the manifest
    const manifest = await (await fetch(`${site.origin}/models/manifest.json`)).json();
    const table = await (
      await fetch(`${site.origin}/models/${manifest.models.vae.posteriors.path}`)
    ).arrayBuffer();
    const view = new DataView(table);
    const expected = [view.getFloat32(16 * index, true), view.getFloat32(16 * index + 4, true)];
    expect(mu[0]).toBeCloseTo(expected[0] as number, 3);
    expect(mu[1]).toBeCloseTo(expected[1] as number, 3);
  });
});
