// Section 5 (the generative model) in the BUILT site, headless Chromium on WASM: clicking and the
// arrow keys in the latent plane change the decoded image (state in the URL); the latent grid, the
// prior samples (same seed, same images) and the interpolation are decoded live.
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

async function openLive(query = ''): Promise<SitePage> {
  const site = await openSite(browser, { backend: 'wasm', query });
  await site.page.locator('#generative').scrollIntoViewIfNeeded();
  await site.page.waitForSelector('generative-figure[data-live="true"]', { timeout: 60_000 });
  return site;
}

/** Waits until the image decoded at `z` ("z1,z2") is shown; returns its PNG data URL. */
async function decodedAt(page: Page, z: string): Promise<string | null> {
  await page.waitForSelector(`#generative [data-decoded][data-decoded-at="${z}"]`, { timeout: 60_000 });
  return page.locator('#generative [data-decoded] image').getAttribute('href');
}

const mosaic = (page: Page, slot: string) => page.locator(`#generative [${slot}] image`).getAttribute('href');

describe('section 5: the generative model', () => {
  let site: SitePage;
  beforeAll(async () => {
    site = await openLive();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('decodes the origin, the latent grid, prior samples and the interpolation', async () => {
    const { page } = site;
    expect(await decodedAt(page, '0,0')).toMatch(/^data:image\/png;base64,/);
    for (const slot of ['data-grid', 'data-samples', 'data-path']) {
      expect(await mosaic(page, slot)).toMatch(/^data:image\/png;base64,/);
    }
    expect(await page.locator('#generative g.prior-samples circle').count()).toBe(16);
    expect(await page.locator('#generative g.interpolation polyline').count()).toBe(1);
    expect(await page.locator('#generative circle.unit-circle').count()).toBe(1);
    await screenshot(page, '#generative', 'sections', 'generative');
    expect(site.consoleErrors).toEqual([]);
  });

  it('a click in the plane decodes that point; arrow keys move it; the URL keeps it', async () => {
    const { page } = site;
    const origin = await decodedAt(page, '0,0');
    const plot = page.locator('#generative [data-plot] svg');
    const box = await plot.boundingBox();
    if (box === null) throw new Error('the plane is not on screen');
    // the plane spans [-3, 3] inside a 22/420 margin: a click 3/4 of the way across is z1 > 0
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25);
    await expect.poll(() => new URL(page.url()).searchParams.get('gen.z')).not.toBe(null);
    const [z1, z2] = (new URL(page.url()).searchParams.get('gen.z') ?? '').split(',').map(Number);
    expect(z1).toBeGreaterThan(1);
    expect(z2).toBeGreaterThan(1);
    const clicked = await decodedAt(page, `${z1},${z2}`);
    expect(clicked).not.toBe(origin);

    await page.locator('#generative [data-plot]').focus();
    await page.keyboard.press('Shift+ArrowLeft');
    const left = Math.round(((z1 as number) - 0.5) * 100) / 100;
    await expect.poll(() => new URL(page.url()).searchParams.get('gen.z')).toBe(`${left},${z2}`);
    expect(await decodedAt(page, `${left},${z2}`)).not.toBe(clicked);
  });

  it('the same seed gives the same prior samples; the next seed gives others', async () => {
    const { page } = site;
    const first = await mosaic(page, 'data-samples');
    await page.locator('#generative [data-resample]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('gen.seed')).toBe('2');
    await expect.poll(() => mosaic(page, 'data-samples')).not.toBe(first);
    const again = await openLive('gen.seed=1');
    try {
      await expect.poll(() => mosaic(again.page, 'data-samples'), { timeout: 60_000 }).toBe(first);
    } finally {
      await again.close();
    }
  });
});
