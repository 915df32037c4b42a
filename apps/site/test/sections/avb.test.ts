// Section 11 (AVB's toy problem) in the BUILT site, headless Chromium on WASM: the implicit encoders
// in /models/avb/ draw their samples live through @ellipse/sdk; AVB's clouds fail a Gaussian fit
// (core's Mardia kurtosis, computed here in Node) that the VAE's pass; the same seed draws the same
// samples (in the page, from a link, and as avb-models drew them in Node); controls live in the URL.
import { launchChromium } from '@ellipse/browser-test/chromium';
import { mardiaKurtosis } from '@ellipse/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvbDrawn } from '../../src/figures/avb-figure.ts';
import { seriousViolations } from '../harness/axe.ts';
import { openSite, type SitePage, screenshot } from '../harness/site-page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ webgpu: false });
});
afterAll(async () => {
  await browser?.close();
});

/** Opens the page on `query`, scrolls to the section and waits for its first live draw. */
async function openAvb(query: string): Promise<SitePage> {
  const site = await openSite(browser, { backend: 'wasm', query });
  await site.page.locator('#avb').scrollIntoViewIfNeeded();
  await site.page.waitForSelector('avb-figure[data-live="true"]', { timeout: 90_000 });
  return site;
}

const drawn = (page: Page) =>
  page.evaluate(() => (document.querySelector('avb-figure') as unknown as { drawn: AvbDrawn }).drawn);

/** The samples [n][2] of one input, from interleaved [z1, z2, ...]. */
const points = (coords: readonly number[]) =>
  Array.from({ length: coords.length / 2 }, (_, i) => [coords[2 * i] as number, coords[2 * i + 1] as number]);

describe('section 11: beyond the ellipse, AVB', () => {
  let site: SitePage;
  beforeAll(async () => {
    site = await openAvb('');
  }, 180_000);
  afterAll(async () => {
    await site?.close();
  });

  it('goes live: the VAE ellipses over its samples beside AVB-with-contrast clouds, numbers beside log 1/4', async () => {
    const { page } = site;
    const first = await drawn(page);
    expect(first.seed).toBe(1);
    expect(first.n).toBe(300);
    expect(Object.keys(first.models).sort()).toEqual(['avb-ac', 'vae']);
    for (const clouds of Object.values(first.models)) {
      expect(clouds?.map((c) => c.length)).toEqual([600, 600, 600, 600]);
    }
    expect(await page.locator('#avb [data-plot="vae"] g.avb-cloud').count()).toBe(4);
    expect(await page.locator('#avb [data-plot="vae"] g.avb-sigma-1 ellipse').count()).toBe(4);
    expect(await page.locator('#avb [data-plot="vae"] circle.unit-circle').count()).toBe(1);
    expect(await page.locator('#avb [data-plot="avb"] g.avb-cloud').count()).toBe(4);
    expect(await page.locator('#avb [data-plot="avb"] ellipse').count()).toBe(0); // no ellipse for AVB
    expect(await page.locator('#avb [data-avb-title]').textContent()).toBe('AVB with adaptive contrast');
    expect(await page.locator('#avb [data-readout]').textContent()).toMatch(
      /^300 samples per input, seed 1: exact log p\(x\) -\d\.\d{3} nats for the VAE, -\d\.\d{3} for AVB with adaptive contrast; the best possible is log 1\/4 = -1\.386\.$/,
    );
    expect(await page.locator('#avb [data-backend]').textContent()).toMatch(
      /^Samples drawn live by @ellipse\/sdk on WebAssembly \(WASM\)\. Why: wasm: /,
    );
    expect(await page.locator('#avb table.avb-table tbody tr').count()).toBe(3);
    await screenshot(page, '#avb', 'sections', 'avb');
    expect(site.consoleErrors).toEqual([]);
    expect(site.offOrigin).toEqual([]);
  });

  it("draws the same samples as avb-models drew in Node with the default seed (the static figure's)", async () => {
    const { page } = site;
    const shipped = await page.evaluate(async () => (await fetch('models/avb/avb-toy.json')).json());
    const live = await drawn(page);
    for (const name of ['vae', 'avb-ac'] as const) {
      const expected: number[][] = shipped.models[name].samples; // rounded to 1e-3 by avb-models
      live.models[name]?.forEach((cloud, input) => {
        const worst = Math.max(...cloud.map((v, i) => Math.abs(v - (expected[input]?.[i] as number))));
        expect(worst).toBeLessThanOrEqual(1e-3);
      });
    }
  });

  it('same seed, same samples: a new seed draws others, going back and a link draw the same again', async () => {
    const { page } = site;
    const first = await drawn(page);
    await page.locator('#avb [data-resample]').click();
    await page.waitForSelector('avb-figure[data-seed="2"]');
    const second = await drawn(page);
    expect(second.models.vae?.[0]).not.toEqual(first.models.vae?.[0]);
    expect(new URL(page.url()).searchParams.get('avb.seed')).toBe('2');
    await page.locator('#avb [data-seed-input]').fill('1');
    await page.locator('#avb [data-seed-input]').dispatchEvent('change');
    await page.waitForSelector('avb-figure[data-seed="1"]');
    expect(await drawn(page)).toEqual(first);
    const link = await openAvb('avb.seed=2');
    try {
      expect(await drawn(link.page)).toEqual(second);
    } finally {
      await link.close();
    }
  }, 120_000);

  it('adaptive contrast off shows plain AVB; arrow keys pick an input; all in the URL', async () => {
    const { page } = site;
    await page.locator('#avb [data-contrast]').uncheck();
    await page.waitForSelector('avb-figure[data-drawn="avb"]');
    expect(await page.locator('#avb [data-avb-title]').textContent()).toBe('AVB');
    expect(new URL(page.url()).searchParams.get('avb.contrast')).toBe('0');
    await page.locator('#avb [data-plot="avb"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.locator('#avb [data-readout]').textContent())
      .toMatch(
        /Input \(1, 0, 0, 0\): log p\(x\) -\d\.\d{3} \(VAE\) vs -\d\.\d{3} \(AVB\); kurtosis z of its samples -?\d+\.\d vs -?\d+\.\d\.$/,
      );
    expect(new URL(page.url()).searchParams.get('avb.input')).toBe('1');
    const dimmed = await page
      .locator('#avb [data-plot="avb"] g.avb-cloud path')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke-opacity')));
    expect(dimmed).toEqual(['0.55', '0.12', '0.12', '0.12']);
    expect(site.consoleErrors).toEqual([]);
  });

  it('axe finds no serious or critical violation in the section', async () => {
    const { page } = site;
    const violations = await seriousViolations(page);
    const inSection = [];
    for (const violation of violations) {
      const nodes = await page.evaluate(
        (targets) => targets.filter((t) => document.querySelector(t)?.closest('#avb') != null),
        violation.nodes,
      );
      if (nodes.length > 0) inSection.push({ ...violation, nodes });
    }
    expect(inSection).toEqual([]);
  });
});

describe("section 11: AVB's posteriors are not ellipses", () => {
  it('2000 live samples per input: AVB clouds fail a Gaussian fit (Mardia kurtosis) that the VAE clouds pass', async () => {
    const site = await openAvb('avb.n=2000&avb.contrast=0');
    try {
      const { models } = await drawn(site.page);
      const z = (name: 'vae' | 'avb') => (models[name] ?? []).map((c) => mardiaKurtosis(points(c)).zScore);
      const vae = z('vae');
      const avb = z('avb');
      console.info(
        `Mardia kurtosis z, 2000 samples per input: VAE ${vae.map((v) => v.toFixed(1))}; AVB ${avb.map((v) => v.toFixed(1))}`,
      );
      expect(vae).toHaveLength(4);
      expect(vae.every((v) => Math.abs(v) < 4)).toBe(true); // a Gaussian's samples: z ~ N(0, 1)
      expect(avb.filter((v) => Math.abs(v) > 10).length).toBeGreaterThanOrEqual(2);
      expect(site.consoleErrors).toEqual([]);
    } finally {
      await site.close();
    }
  }, 180_000);
});
