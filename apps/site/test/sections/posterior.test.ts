// Section 6 (the ELBO and the true posterior) in the BUILT site, headless Chromium on WASM: the true
// posterior's contours are drawn beside q's ellipses; the three numbers satisfy
// log p(x) = ELBO + KL(q || p(z|x)) (each computed its own way); the IWAE bound rises with k and stays
// under log p(x); the digit, k and seed live in the URL.
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

/** A read-out cell in nats ("−97.12 nats") as a number. */
async function nats(page: Page, name: string): Promise<number> {
  const text = (await page.locator(`#posterior [data-value="${name}"]`).textContent()) ?? '';
  return Number(text.replace('−', '-').replace(' nats', ''));
}

async function ready(page: Page, digit: number): Promise<void> {
  await page.waitForSelector(`posterior-figure[data-state="ready"][data-digit="${digit}"]`, {
    timeout: 90_000,
  });
}

describe('section 6: the ELBO and the true posterior', () => {
  let site: SitePage;
  beforeAll(async () => {
    site = await openSite(browser, { backend: 'wasm', query: 'post.k=1000' });
    await site.page.locator('#posterior').scrollIntoViewIfNeeded();
    await ready(site.page, 0);
  });
  afterAll(async () => {
    await site?.close();
  });

  it('draws p(z|x) contours beside q and reads out log p(x) = ELBO + KL(q || p(z|x))', async () => {
    const { page } = site;
    expect(await page.locator('#posterior g.true-posterior path').count()).toBe(3);
    expect(await page.locator('#posterior g.q-ellipses ellipse').count()).toBe(2);
    const logEvidence = await nats(page, 'log-evidence');
    const elbo = await nats(page, 'elbo');
    const kl = await nats(page, 'kl-posterior');
    const reconstruction = await nats(page, 'reconstruction');
    const klPrior = await nats(page, 'kl-prior');
    expect(logEvidence).toBeLessThan(0);
    expect(kl).toBeGreaterThanOrEqual(0);
    expect(logEvidence).toBeGreaterThanOrEqual(elbo);
    expect(Math.abs(logEvidence - elbo - kl)).toBeLessThanOrEqual(0.02); // read-outs are rounded to 0.01
    expect(Math.abs(reconstruction - klPrior - elbo)).toBeLessThanOrEqual(0.02);
    expect(
      Math.abs(
        Number(((await page.locator('#posterior [data-value="gap"]').textContent()) ?? '').split(' ')[0]),
      ),
    ).toBeLessThan(0.01);
    await screenshot(page, '#posterior', 'sections', 'posterior');
    expect(site.consoleErrors).toEqual([]);
  });

  it('the IWAE bound rises with k toward log p(x); the slider keeps k in the URL', async () => {
    const { page } = site;
    const logEvidence = await nats(page, 'log-evidence');
    const means = await page
      .locator('#posterior g.iwae-points circle')
      .evaluateAll((circles) => circles.map((c) => Number(c.getAttribute('cy'))));
    expect(means).toHaveLength(11);
    expect(means.at(-1) as number).toBeLessThan(means[0] as number); // higher bound, smaller y
    expect(await page.locator('#posterior circle.iwae-selected').getAttribute('data-k')).toBe('1000');
    const text = (await page.locator('#posterior [data-k-readout]').textContent()) ?? '';
    const [, bound, below] =
      text.replaceAll('−', '-').match(/≈ (-?[\d.]+) nats.*?, (-?[\d.]+) nats below/) ?? [];
    expect(Number(bound)).toBeLessThanOrEqual(logEvidence + 0.05);
    expect(Number(below)).toBeLessThan(1);
    await page.locator('#posterior [data-k-slider]').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => new URL(page.url()).searchParams.get('post.k')).toBe('500');
  });

  it('the arrow keys on the plane choose another digit, kept in the URL', async () => {
    const { page } = site;
    const before = await nats(page, 'log-evidence');
    await page.locator('#posterior [data-plot]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('post.digit')).toBe('1');
    await ready(page, 1);
    expect(await nats(page, 'log-evidence')).not.toBe(before);
  });
});
