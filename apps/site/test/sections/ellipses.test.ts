// Section 2 (Ellipses) in the BUILT site, headless Chromium on WASM: 1,000 posterior ellipses to scale
// over 10,000 means; arrow keys and the pointer pick an ellipse, its digit and its live reconstruction
// follow; the choice round-trips through the URL.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser, type SitePage, screenshot } from '../harness/site-page.ts';
import { openLive, reopen } from './live-section.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser({ webgpu: false });
});
afterAll(async () => {
  await browser?.close();
});

const SECTION = { id: 'ellipses', tag: 'ellipses-figure' };

/** The index whose reconstruction is shown, once it has been decoded. */
async function decodedFor(page: Page, index: number): Promise<string | null> {
  await page.waitForSelector(`#ellipses [data-reconstruction][data-decoded-for="${index}"]`, {
    timeout: 60_000,
  });
  return page.locator('#ellipses [data-reconstruction] image').getAttribute('href');
}

describe('section 2: ellipses', () => {
  let site: SitePage;
  beforeAll(async () => {
    site = await openLive(browser, SECTION);
  });
  afterAll(async () => {
    await site?.close();
  });

  it('draws 1000 ellipses and the 10,000 means by label, the unit circle and one cursor', async () => {
    const plot = site.page.locator('#ellipses [data-plot] svg');
    expect(await plot.locator('g.ellipses ellipse').count()).toBe(1000);
    expect(await plot.locator('path.scatter-label').count()).toBe(10);
    const dots = await plot
      .locator('path.scatter-label')
      .evaluateAll((paths) => paths.reduce((n, p) => n + (p.getAttribute('d')?.match(/M/g)?.length ?? 0), 0));
    expect(dots).toBe(10_000);
    expect(await plot.locator('circle.unit-circle').count()).toBe(1);
    expect(await plot.locator('.latent-cursor').count()).toBe(1);
  });

  it('outlines the selected ellipse to scale: radii = sigma x the unit circle radius', async () => {
    const readout = (await site.page.locator('#ellipses [data-readout]').textContent()) ?? '';
    const sigma = /σ = \(([-−\d.]+), ([-−\d.]+)\)/.exec(readout);
    expect(sigma, readout).not.toBeNull();
    const [s1, s2] = [Number(sigma?.[1]), Number(sigma?.[2])];
    const plot = site.page.locator('#ellipses [data-plot] svg');
    const unit = Number(await plot.locator('circle.unit-circle').getAttribute('r'));
    const ring = plot.locator('.latent-cursor ellipse').first();
    const [rx, ry] = [Number(await ring.getAttribute('rx')), Number(await ring.getAttribute('ry'))];
    // read-out sigma has 3 decimals, radii 2: allow both roundings
    expect(Math.abs(rx - s1 * unit)).toBeLessThan(0.0005 * unit + 0.01);
    expect(Math.abs(ry - s2 * unit)).toBeLessThan(0.0005 * unit + 0.01);
  });

  it('arrow keys move to another ellipse: read-out, digit and live reconstruction change', async () => {
    const { page } = site;
    const first = await decodedFor(page, 0);
    const before = await page.locator('#ellipses [data-readout]').textContent();
    const digitBefore = await page.locator('#ellipses [data-digit] image').getAttribute('href');
    await page.locator('#ellipses [data-plot]').focus();
    await page.keyboard.press('ArrowRight');
    const selected = Number(await page.locator('#ellipses [data-plot]').getAttribute('data-selected'));
    expect(selected).not.toBe(0);
    const next = await decodedFor(page, selected);
    expect(next).toMatch(/^data:image\/png;base64,/);
    expect(next).not.toBe(first);
    expect(await page.locator('#ellipses [data-readout]').textContent()).not.toBe(before);
    expect(await page.locator('#ellipses [data-digit] image').getAttribute('href')).not.toBe(digitBefore);
    expect(new URL(page.url()).searchParams.get('ellipses.digit')).toBe(String(selected));
  });

  it('the pointer picks the ellipse nearest to it', async () => {
    const { page } = site;
    const before = await page.locator('#ellipses [data-plot]').getAttribute('data-selected');
    // point exactly at the centre of some ellipse: the nearest centre is at distance 0
    const target = page.locator('#ellipses [data-plot] g.ellipses ellipse').nth(500);
    const box = await target.boundingBox();
    expect(box).not.toBeNull();
    if (box === null) return;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect
      .poll(() => page.locator('#ellipses [data-plot]').getAttribute('data-selected'))
      .not.toBe(before);
    const ring = page.locator('#ellipses .latent-cursor ellipse').first();
    const centre = async (e: typeof ring) => [
      Number(await e.getAttribute('cx')),
      Number(await e.getAttribute('cy')),
    ];
    const [a, b] = [await centre(target), await centre(ring)];
    // within the pointer's rounding to whole CSS pixels
    expect(Math.hypot((a[0] ?? 0) - (b[0] ?? 0), (a[1] ?? 0) - (b[1] ?? 0))).toBeLessThan(1.5);
    await screenshot(page, '#ellipses', 'sections', 'ellipses');
    expect(site.consoleErrors).toEqual([]);
  });

  it('opens on the digit the URL names', async () => {
    // the same page, reloaded on a URL with the figure's state (the URL round trip)
    await reopen(site, SECTION, 'ellipses.digit=42');
    expect(await site.page.locator('#ellipses [data-plot]').getAttribute('data-selected')).toBe('42');
    expect(await site.page.locator('#ellipses [data-readout]').textContent()).toMatch(/^Test digit 42, a \d/);
    expect(site.consoleErrors).toEqual([]);
  });
});
