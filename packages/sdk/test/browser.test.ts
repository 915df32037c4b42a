// The example app in headless Chromium (Debian's, via playwright-core): WebGPU (SwiftShader) and WASM
// report the backend that ran and give the same outputs as each other and as core's tfjs decoder.

import { launchChromium } from '@ellipse/browser-test/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalDraws } from '../src/index.ts';
import { type ExampleGlobal, openExample } from './browser/example-page.ts';
import { type ExampleSite, startExampleSite } from './browser/example-site.ts';
import { type TrainedModel, tfjsDecode, trainedModel } from './trained-models.ts';

const config = { inputSize: 64, imageShape: [8, 8], latentSize: 3, hiddenSizes: [32, 16] } as const;
const fixedZ = [0.5, -1.25, 2, 0, 0, 0, -3, 1, 0.25];
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - (b[i] as number))));

/** Decodes fixedZ and samples 300 with seed 9 in the page (300 > the default chunk of 256). */
async function outputsIn(page: import('playwright-core').Page) {
  return page.evaluate(async (z) => {
    const model = (globalThis as unknown as { ellipseExample: ExampleGlobal }).ellipseExample
      .model as NonNullable<ExampleGlobal['model']>;
    const decoded = await model.decode(z);
    const sampled = await model.sample(300, { seed: 9 });
    return { decoded: [...decoded.data], z: [...sampled.z.data], x: [...sampled.x.data] };
  }, fixedZ);
}

let trained: TrainedModel;
let site: ExampleSite;
let browser: Browser;
beforeAll(async () => {
  trained = await trainedModel({ config, steps: 10 });
  site = await startExampleSite({ 'decoder.onnx': trained.decoder });
  browser = await launchChromium({ webgpu: true });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  trained?.vae.dispose();
});

describe('the example app in headless Chromium', () => {
  it('runs on WebGPU and on WASM, says so, and both agree with tfjs (<= 1e-4); seeded z identical', async () => {
    const run = async (backend: 'webgpu' | 'wasm') => {
      const { page, info, console } = await openExample(browser, `${site.server.url}?backend=${backend}`);
      expect(info.backend.name, console.join('\n')).toBe(backend);
      expect(info.latentSize).toBe(config.latentSize);
      const outputs = await outputsIn(page);
      await page.close();
      return outputs;
    };
    const webgpu = await run('webgpu');
    const wasm = await run('wasm');
    const oracle = tfjsDecode(trained.vae, Float32Array.from(fixedZ));
    expect(maxDiff(webgpu.decoded, oracle)).toBeLessThanOrEqual(1e-4);
    expect(maxDiff(wasm.decoded, oracle)).toBeLessThanOrEqual(1e-5);
    expect(webgpu.z).toEqual([...normalDraws(9, 300 * config.latentSize)]); // same bits as in Node
    expect(wasm.z).toEqual(webgpu.z);
    expect(maxDiff(webgpu.x, wasm.x)).toBeLessThanOrEqual(1e-4);
    expect(maxDiff(wasm.x, tfjsDecode(trained.vae, Float32Array.from(wasm.z)))).toBeLessThanOrEqual(1e-5);
  });

  it('auto picks WebGPU with the adapter as reason; threads only when cross-origin isolated', async () => {
    const isolated = await openExample(browser, `${site.server.url}?backend=auto`);
    expect(isolated.info.backend.name).toBe('webgpu');
    expect(isolated.info.backend.reason).toMatch(/WebGPU adapter/);
    expect(isolated.info.backend.threads).toBeGreaterThan(1);
    const drawn = await isolated.page.evaluate(() => {
      const canvas = document.querySelector('#grid') as HTMLCanvasElement;
      const pixels = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
        0,
        0,
        canvas.width,
        canvas.height,
      );
      return pixels.data.filter((v, i) => i % 4 === 3 && v > 0).length;
    });
    expect(drawn).toBe(256 * 256); // the 8x8 grid of decoded images covers the canvas
    await isolated.page.close();
    const plain = await openExample(browser, `${site.server.url}plain/?backend=wasm`);
    expect(plain.info.backend.threads).toBe(1);
    expect(plain.info.backend.threadsReason).toMatch(/not cross-origin isolated/);
    await plain.page.close();
  });

  it('without WebGPU, auto falls back to WASM and says why', async () => {
    const noGpu = await launchChromium({ webgpu: false });
    try {
      const { info, page } = await openExample(noGpu, `${site.server.url}?backend=auto`);
      expect(info.backend.name).toBe('wasm');
      expect(info.backend.reason).toMatch(/WebGPU unavailable: (navigator.gpu is missing|.*returned null)/);
      await page.close();
    } finally {
      await noGpu.close();
    }
  });
});
