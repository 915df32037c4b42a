// The steps/s bench of a live-training figure (BENCHMARKS.md), run on request only
// (ELLIPSE_TRAIN_BENCH=1): every tfjs backend in one browser, one after another, each playing for
// `playMs` after its first answered step (a GPU backend compiles its shaders then); the figure's own
// rate (worker time per step, data-steps-per-second), as ratios to WASM's in the same run.
import { launchChromium } from '@ellipse/browser-test/chromium';
import { expect } from 'vitest';
import { openSite } from './site-page.ts';

export interface TrainingFigure {
  /** The section's id, e.g. 'train'. */
  readonly section: string;
  /** The figure's element, e.g. 'train-figure'. */
  readonly tag: string;
  /** Its URL prefix, e.g. 'train' (for `<prefix>.backend` and `<prefix>.seed`). */
  readonly prefix: string;
}

export const BENCH_BACKENDS = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;

/** Steps per second of every backend that starts, and the markdown rows `| backend | steps/s | vs wasm |`. */
export async function benchTraining(
  { section, tag, prefix }: TrainingFigure,
  { playMs }: { playMs: number },
): Promise<{ rates: Map<string, number>; rows: string }> {
  const browser = await launchChromium({ webgpu: true });
  const rates = new Map<string, number>();
  try {
    for (const backend of BENCH_BACKENDS) {
      const site = await openSite(browser, {
        backend: 'wasm',
        query: `${prefix}.backend=${backend}&${prefix}.seed=1`,
      });
      const { page } = site;
      await page.locator(`#${section}`).scrollIntoViewIfNeeded();
      await page.waitForSelector(`${tag}[data-step="0"]`, { timeout: 180_000 });
      await page.locator(`#${section} [data-one-step]`).click();
      await page.waitForSelector(`${tag}[data-step="1"]`, { timeout: 180_000 });
      await page.locator(`#${section} [data-play]`).click();
      await page.waitForTimeout(playMs);
      await page.locator(`#${section} [data-play]`).click();
      await page.waitForSelector(`${tag}[data-busy="false"]`, { timeout: 120_000 });
      rates.set(backend, Number(await page.locator(tag).getAttribute('data-steps-per-second')));
      expect(site.consoleErrors).toEqual([]);
      await site.close();
    }
  } finally {
    await browser.close();
  }
  const wasm = rates.get('wasm') as number;
  const rows = [...rates]
    .map(([b, r]) => `| ${b} | ${r.toFixed(2)} | ${(r / wasm).toFixed(2)}x |`)
    .join('\n');
  return { rates, rows };
}
