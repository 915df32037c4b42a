// Section 4 (The regulariser) in the BUILT site, headless Chromium: the read-outs match the closed forms
// of KL and ||mu||^2 + ||sigma - 1||^2 for the shown posterior, the epoch scrubber moves the ellipses,
// arrow keys pick another digit, and the state round-trips through the URL.
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

const SECTION = { id: 'regularizer', tag: 'regularizer-figure' };

interface Row {
  model: string;
  mu: number[];
  sigma: number[];
  kl: number;
  geometric: number;
  cells: string[];
}

async function readoutRows(page: Page): Promise<Row[]> {
  return page.$$eval('#regularizer [data-readout] tr[data-model]', (rows) =>
    rows.map((tr) => {
      const d = (tr as HTMLElement).dataset;
      return {
        model: d.model ?? '',
        mu: (d.mu ?? '').split(',').map(Number),
        sigma: (d.sigma ?? '').split(',').map(Number),
        kl: Number(d.kl),
        geometric: Number(d.geometric),
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
      };
    }),
  );
}

// The formulas, written out here independently of the site's code.
const kl = (mu: number[], sigma: number[]) =>
  mu.reduce(
    (sum, m, k) => sum + 0.5 * (m * m + (sigma[k] ?? 0) ** 2 - Math.log((sigma[k] ?? 0) ** 2) - 1),
    0,
  );
const geometric = (mu: number[], sigma: number[]) =>
  mu.reduce((sum, m, k) => sum + m * m + ((sigma[k] ?? 0) - 1) ** 2, 0);

function checkRow(row: Row): void {
  expect(row.mu).toHaveLength(2);
  expect(row.kl).toBeCloseTo(kl(row.mu, row.sigma), 10);
  expect(row.geometric).toBeCloseTo(geometric(row.mu, row.sigma), 10);
  // the visible text ends with the sum to 3 decimals
  expect(row.cells[2]?.replace('−', '-')).toMatch(new RegExp(`= ${kl(row.mu, row.sigma).toFixed(3)}$`));
  expect(row.cells[3]?.replace('−', '-')).toMatch(
    new RegExp(`= ${geometric(row.mu, row.sigma).toFixed(3)}$`),
  );
}

describe('section 4: the regulariser', () => {
  let site: SitePage;
  beforeAll(async () => {
    site = await openLive(browser, SECTION);
  });
  afterAll(async () => {
    await site?.close();
  });

  it('draws each model plane, 1000 ellipses per VAE, and both contour plots with two marks', async () => {
    const { page } = site;
    const planes = await page
      .locator('#regularizer [data-plot]')
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.plot));
    expect(planes).toEqual(expect.arrayContaining(['vae', 'geometric']));
    for (const name of ['vae', 'geometric']) {
      expect(await page.locator(`#regularizer [data-plot="${name}"] g.ellipses ellipse`).count()).toBe(1000);
      expect(await page.locator(`#regularizer [data-plot="${name}"] circle.unit-circle`).count()).toBe(1);
    }
    for (const name of ['kl', 'geometric']) {
      const plot = page.locator(`#regularizer [data-contours="${name}"]`);
      expect(await plot.locator('path.contour-band').count()).toBeGreaterThan(3);
      expect(await plot.locator('.contour-mark').count()).toBe(2);
    }
  });

  it('reads out both regularisers of the selected posterior, matching the closed forms', async () => {
    const rows = await readoutRows(site.page);
    expect(rows.map((r) => r.model)).toEqual(['vae', 'geometric']);
    for (const row of rows) checkRow(row);
  });

  it('arrow keys pick another digit; the read-out follows and still matches', async () => {
    const { page } = site;
    const before = await readoutRows(page);
    await page.locator('#regularizer [data-plot="vae"]').focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => new URL(page.url()).searchParams.get('reg.digit')).not.toBe(null);
    const after = await readoutRows(page);
    expect(after[0]?.mu).not.toEqual(before[0]?.mu);
    for (const row of after) checkRow(row);
  });

  it('the epoch scrubber moves the ellipses and says which epoch', async () => {
    const { page } = site;
    const first = page.locator('#regularizer [data-plot="vae"] g.ellipses ellipse').first();
    const last = [
      await first.getAttribute('cx'),
      await first.getAttribute('cy'),
      await first.getAttribute('rx'),
    ];
    await page.locator('#regularizer [data-epoch]').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('#regularizer [data-epoch-label]').textContent()).toBe('1');
    expect(new URL(page.url()).searchParams.get('reg.epoch')).toBe('1');
    const early = page.locator('#regularizer [data-plot="vae"] g.ellipses ellipse').first();
    expect([
      await early.getAttribute('cx'),
      await early.getAttribute('cy'),
      await early.getAttribute('rx'),
    ]).not.toEqual(last);
    expect(await page.locator('#regularizer [data-readout] caption').textContent()).toMatch(
      /after epoch 1\b/,
    );
    for (const row of await readoutRows(page)) checkRow(row);
    await screenshot(page, '#regularizer', 'sections', 'regularizer');
    expect(site.consoleErrors).toEqual([]);
  });

  it('plays the epochs from the first to the last', async () => {
    const { page } = site;
    const last = await page.locator('#regularizer [data-epoch]').getAttribute('max');
    await page.locator('#regularizer [data-epoch]').fill(last ?? '1');
    const play = page.locator('#regularizer [data-play]');
    await play.click();
    expect(await play.getAttribute('aria-pressed')).toBe('true');
    // it restarts from epoch 1 and steps to the last, then stops
    expect(await page.locator('#regularizer [data-epoch-label]').textContent()).toBe('1');
    await expect
      .poll(() => page.locator('#regularizer [data-epoch-label]').textContent(), { timeout: 60_000 })
      .toBe(last);
    await expect.poll(() => play.getAttribute('aria-pressed')).toBe('false');
  });

  it('opens on the epoch and digit the URL names', async () => {
    // the same page, reloaded on a URL with the figure's state (the URL round trip)
    await reopen(site, SECTION, 'reg.epoch=1&reg.digit=7');
    expect(await site.page.locator('#regularizer [data-epoch]').inputValue()).toBe('1');
    expect(await site.page.locator('#regularizer [data-plot="vae"]').getAttribute('data-selected')).toBe('7');
    expect(await site.page.locator('#regularizer [data-readout] caption').textContent()).toMatch(
      /^Test digit 7, a \d/,
    );
    expect(site.consoleErrors).toEqual([]);
  });
});
