// Section 8, train it yourself (issue 11, sections 1 and 4), in the BUILT site, headless Chromium: core's
// toy2d VAE trains in a Web Worker on tfjs's WASM backend and on WebGPU (SwiftShader). From seed 1 on
// the moons (learning rate 0.01, beta 1) the loss falls within 200 steps on WASM, and within 15 on
// WebGPU (SwiftShader emulates the GPU on the CPU: ~40 s of shader compilation, then seconds a step),
// whose first losses also match WASM's; pause stops the updates; a reset from the same seed gives the
// same first losses; drawing adds points to the training set; the worker's tf.memory() does not grow
// across 100 steps; no console error; axe finds no serious violation. Steps per second per backend are
// logged (the figure's own measure: worker time per step, after the first chunk's compilation).
import { launchChromium } from '@ellipse/browser-test/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../harness/axe.ts';
import { openSite, type SitePage, screenshot } from '../harness/site-page.ts';
import { benchTraining } from '../harness/training-bench.ts';

const FIGURE = 'train-figure';
/** The stated budgets: from seed 1 the loss must have fallen by this step (WASM, WebGPU on SwiftShader). */
const STEPS = { wasm: 200, webgpu: 15 } as const;
/** How far below the mean of the first 5 losses (nats per point): about half of what tfjs's cpu backend
 * measured from the same seed (0.6 by step 200, 0.25 by step 15). */
const DROP = { wasm: 0.3, webgpu: 0.1 } as const;
/** WASM's first losses from seed 1, for the WebGPU run to match. */
let wasmFirstLosses: number[] = [];

const attribute = async (page: Page, name: string) => (await page.locator(FIGURE).getAttribute(name)) ?? '';
const step = async (page: Page) => Number(await attribute(page, 'data-step'));

async function openTrain(browser: Browser, backend: 'wasm' | 'webgpu'): Promise<SitePage> {
  const site = await openSite(browser, { backend: 'wasm', query: `train.backend=${backend}&train.seed=1` });
  await site.page.locator('#train').scrollIntoViewIfNeeded();
  // Started (step 0 drawn) or failed (the read-out says why): either ends the wait.
  await site.page.waitForFunction(
    (tag) =>
      document.querySelector(`${tag}[data-step="0"]`) !== null ||
      /could not start/.test(document.querySelector('#train [data-readout]')?.textContent ?? ''),
    FIGURE,
    { timeout: 120_000 },
  );
  const readout = await site.page.locator('#train [data-readout]').textContent();
  expect(readout, `console: ${site.consoleErrors.join(' | ')}`).not.toMatch(/could not start/);
  return site;
}

/** Plays until at least `steps` steps, then pauses and waits for the figure to say so. */
async function playUntil(page: Page, steps: number): Promise<void> {
  await page.locator('#train [data-play]').click();
  await page.waitForFunction(
    ([tag, n]) => Number(document.querySelector(tag as string)?.getAttribute('data-step')) >= (n as number),
    [FIGURE, steps],
    { timeout: 360_000, polling: 200 },
  );
  await page.locator('#train [data-play]').click();
  await page.waitForSelector(`${FIGURE}[data-playing="false"]`);
}

/** Opens the train figure on `backend` before the suite's tests (a browser of its own), closes it after. */
function onTrainPage(backend: 'wasm' | 'webgpu', opened: (site: SitePage) => void): void {
  let browser: Browser | undefined;
  let site: SitePage | undefined;
  beforeAll(async () => {
    browser = await launchChromium({ webgpu: backend === 'webgpu' });
    site = await openTrain(browser, backend);
    opened(site);
  }, 180_000);
  afterAll(async () => {
    await site?.close();
    await browser?.close();
  });
}

async function lossFalls(site: SitePage, backend: 'wasm' | 'webgpu'): Promise<number[]> {
  const { page } = site;
  expect(await attribute(page, 'data-train-backend')).toBe(backend);
  expect(await page.locator('#train [data-backend]').textContent()).toContain(
    `TensorFlow.js's ${backend} backend: requested in the URL (train.backend=${backend})`,
  );
  await playUntil(page, STEPS[backend]);
  const first = JSON.parse(await attribute(page, 'data-first-losses')) as number[];
  const last = Number(await attribute(page, 'data-last-loss'));
  const mean = first.reduce((a, b) => a + b, 0) / first.length;
  const rate = Number(await attribute(page, 'data-steps-per-second'));
  console.info(
    `train (${backend}): mean loss of steps 1-5 ${mean.toFixed(3)}, at step ${await step(page)} ${last.toFixed(3)}; ` +
      `${rate.toFixed(1)} steps/s (worker time, full batch of 256, toy2d)`,
  );
  expect(first).toHaveLength(5);
  expect(last).toBeLessThan(mean - DROP[backend]);
  expect(await page.locator('#train [data-latent-plot] .ellipses ellipse').count()).toBe(256);
  expect(await page.locator('#train [data-loss-plot] .loss-line').getAttribute('data-points')).not.toBe('0');
  expect(site.consoleErrors).toEqual([]);
  expect(site.offOrigin).toEqual([]);
  return first;
}

describe('section 8: train it yourself (WASM)', () => {
  let site: SitePage;
  onTrainPage('wasm', (opened) => {
    site = opened;
  });

  it(`the loss falls within ${STEPS.wasm} steps from seed 1`, async () => {
    wasmFirstLosses = await lossFalls(site, 'wasm');
    await screenshot(site.page, '#train', 'sections', 'train');
  }, 300_000);

  it('pause stops the updates', async () => {
    const { page } = site;
    await playUntil(page, (await step(page)) + 10);
    const atPause = await step(page);
    // The chunk in flight when pause was pressed finishes and is drawn; then nothing more.
    await page.waitForSelector(`${FIGURE}[data-busy="false"]`);
    const paused = await step(page);
    expect(paused - atPause).toBeLessThanOrEqual(5);
    await page.waitForTimeout(1500);
    expect(await step(page)).toBe(paused);
    expect(await page.locator('#train [data-readout]').textContent()).toMatch(
      /^Paused: step \d+ on 256 points/,
    );
  }, 120_000);

  it('a reset from the same seed gives the same first losses; another seed others', async () => {
    const { page } = site;
    const before = await attribute(page, 'data-first-losses');
    const fiveSteps = async () => {
      for (let i = 0; i < 5; i++) await page.locator('#train [data-one-step]').click();
      await page.waitForSelector(`${FIGURE}[data-step="5"]`);
    };
    await page.locator('#train [data-reset]').click();
    await page.waitForSelector(`${FIGURE}[data-step="0"]`);
    await fiveSteps();
    expect(await attribute(page, 'data-first-losses')).toBe(before);
    await page.locator('#train [data-seed]').fill('2');
    await page.locator('#train [data-seed]').dispatchEvent('change');
    await page.waitForSelector(`${FIGURE}[data-step="0"]`);
    expect(new URL(page.url()).searchParams.get('train.seed')).toBe('2');
    await fiveSteps();
    expect(await attribute(page, 'data-first-losses')).not.toBe(before);
  }, 120_000);

  it('drawing (pointer, then keyboard) adds points to the training set', async () => {
    const { page } = site;
    expect(await attribute(page, 'data-size')).toBe('256');
    const box = await page.locator('#train [data-data-plot] svg').boundingBox();
    if (box === null) throw new Error('the data plane has no box');
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(box.x + box.width * (0.3 + 0.04 * i), box.y + box.height * 0.3);
    await page.mouse.up();
    await page.waitForFunction(
      (tag) => Number(document.querySelector(tag)?.getAttribute('data-size')) > 256,
      FIGURE,
    );
    const drawn = Number(await attribute(page, 'data-size'));
    expect(drawn).toBeGreaterThanOrEqual(266);
    await page.locator('#train [data-data-plot]').focus();
    await page.keyboard.press('ArrowUp');
    expect(new URL(page.url()).searchParams.get('train.cursor')).toBe('0,0.05');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${FIGURE}[data-size="${drawn + 1}"]`);
    await page.locator('#train [data-clear]').click();
    await page.waitForSelector(`${FIGURE}[data-size="256"]`);
  }, 60_000);

  it("no tensor leaks across 100 steps (the worker's tf.memory())", async () => {
    const { page } = site;
    await page.locator('#train [data-one-step]').click();
    await page.waitForFunction(
      (tag) => Number(document.querySelector(tag)?.getAttribute('data-step')) >= 6,
      FIGURE,
    );
    const before = await attribute(page, 'data-num-tensors');
    const start = await step(page);
    await playUntil(page, start + 100);
    expect(await attribute(page, 'data-num-tensors')).toBe(before);
  }, 240_000);

  it('slow motion shows one step as encode, sample, decode, loss, update, with the loss the step records', async () => {
    const { page } = site;
    await page.waitForSelector(`${FIGURE}[data-busy="false"]`);
    const start = await step(page);
    const toggle = page.locator('#train [data-slow]');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(new URL(page.url()).searchParams.get('train.slow')).toBe('1');
    expect(await page.locator('#train [data-pipeline]').isVisible()).toBe(true);
    // What each phase shows, recorded as it is shown (a phase lasts SLOW_PHASE_MS, 0.9 s).
    await page.evaluate((tag) => {
      const figure = document.querySelector(tag) as HTMLElement;
      const count = (selector: string) => figure.querySelectorAll(selector).length;
      const seen: unknown[] = [];
      Object.assign(window, { slowPhases: seen });
      new MutationObserver(() => {
        const phase = figure.dataset.phase;
        if (phase === undefined) return;
        seen.push({
          phase,
          current: figure.querySelector('[data-pipeline] [aria-current="step"]')?.getAttribute('data-stage'),
          sentence: figure.querySelector('[data-phase-readout]')?.textContent,
          samples: count('[data-latent-plot] .scatter path'),
          lines: count('[data-data-plot] .reconstruction-lines line'),
          dashed: count('[data-latent-plot] .ellipses.previous ellipse'),
          tracked: count('[data-latent-plot] .tracked [data-tracked]'),
        });
      }).observe(figure, { attributes: true, attributeFilter: ['data-phase'] });
    }, FIGURE);
    await page.locator('#train [data-one-step]').click();
    await page.waitForSelector(`${FIGURE}[data-phase="update"]`, { timeout: 30_000 });
    type Shown = { phase: string; current: string; sentence: string } & Record<string, number>;
    const shown = (await page.evaluate(
      () => (window as unknown as { slowPhases: unknown[] }).slowPhases,
    )) as Shown[];
    expect(shown.map((s) => s.phase)).toEqual(['encode', 'sample', 'decode', 'loss', 'update']);
    for (const s of shown) {
      expect(s.current).toBe(s.phase);
      expect(s.sentence).toMatch(new RegExp(`^Step ${start + 1}, ${s.phase}: `));
      expect(s.tracked).toBe(3);
    }
    const [encode, sample, decode, loss, update] = shown as [Shown, Shown, Shown, Shown, Shown];
    expect([encode.samples, sample.samples, decode.samples, update.samples]).toEqual([0, 1, 1, 0]);
    expect([sample.lines, decode.lines, loss.lines, update.lines]).toEqual([0, 3, 3, 0]);
    expect([loss.dashed, update.dashed]).toEqual([0, 256]);
    // One step, and the loss traced before it is the loss it recorded.
    expect(await step(page)).toBe(start + 1);
    const traced = Number(await attribute(page, 'data-traced-loss'));
    const recorded = Number(await attribute(page, 'data-last-loss'));
    console.info(`slow motion (wasm), step ${start + 1}: traced loss ${traced}, recorded ${recorded}`);
    expect(Math.abs(traced - recorded), `traced ${traced}, recorded ${recorded}`).toBeLessThanOrEqual(
      1e-5 * Math.max(1, Math.abs(recorded)),
    );
    expect(loss.sentence).toContain(`= ${traced.toFixed(3)} nats per point`);
    await page.waitForSelector(`${FIGURE}[data-busy="false"]`);
    expect(await step(page)).toBe(start + 1);
    expect(site.consoleErrors).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]); // the strip and its live sentence included
    await screenshot(page, '#train', 'sections', 'train-slow-update');
  }, 60_000);

  it('logs no console error and has no serious or critical accessibility violation', async () => {
    expect(site.consoleErrors).toEqual([]);
    expect(await seriousViolations(site.page)).toEqual([]);
  }, 60_000);
});

describe('section 8: train it yourself (WebGPU, SwiftShader)', () => {
  let site: SitePage;
  onTrainPage('webgpu', (opened) => {
    site = opened;
  });

  it(`the loss falls within ${STEPS.webgpu} steps from seed 1, and its first losses are WASM's`, async () => {
    const first = await lossFalls(site, 'webgpu');
    expect(wasmFirstLosses).toHaveLength(5);
    first.forEach((loss, i) => {
      expect(loss, `step ${i + 1}`).toBeCloseTo(wasmFirstLosses[i] as number, 4);
    });
  }, 400_000);
});

// The steps/s bench row (BENCHMARKS.md), on request only: ELLIPSE_TRAIN_BENCH=1.
describe.runIf(process.env.ELLIPSE_TRAIN_BENCH === '1')('section 8: steps per second per backend', () => {
  it('measures every backend that starts', async () => {
    const { rates, rows } = await benchTraining(
      { section: 'train', tag: FIGURE, prefix: 'train' },
      { playMs: 10_000 },
    );
    console.info(`toy2d, full batch of 256 moons points:\n${rows}`);
    expect(rates.get('wasm')).toBeGreaterThan(0);
  }, 900_000);
});
