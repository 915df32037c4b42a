// Page-wide checks of the BUILT site in Debian's headless Chromium, on WebGPU (SwiftShader, via
// --enable-unsafe-webgpu) and on WASM: every section renders its figure, the page decodes on the
// backend it says (and why), nothing leaves the origin, no console error, no serious axe violation,
// every figure's state round-trips through the URL, reduced motion stops animation, and nothing scrolls
// sideways at 375 px. One page per backend carries all the checks (loading the page and starting
// every live figure is the expensive part). Screenshots of every section land in
// test-artifacts/webgpu/ (gitignored).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './harness/axe.ts';
import {
  ARTIFACTS,
  connectBrowser,
  openSite,
  type SitePage,
  screenshot,
  scrollThrough,
} from './harness/site-page.ts';

/** The story, in order (issue 7, section 1). */
const SECTIONS = [
  'points',
  'ellipses',
  'reparameterisation',
  'regularizer',
  'generative',
  'posterior',
  'draw',
] as const;

/** The machine running these may be shared: page loads that start every live figure take a while. */
const SLOW = 150_000;

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser({ webgpu: true });
});
afterAll(async () => {
  await browser?.close();
});

/** Element counts, not pixels: a figure is drawn when its SVG holds shapes (or it has a canvas). */
const drawnShapes = (page: Page, id: string) =>
  page
    .locator(`#${id}`)
    .evaluate(
      (element) =>
        element.querySelectorAll('svg :is(circle, ellipse, path, rect, line, image, polygon), canvas').length,
    );

/** Every section in order, with one heading, a drawn figure, and that figure live (`data-live`). */
async function expectSectionsLive(page: Page): Promise<void> {
  const ids = await page.$$eval('main > section[id]', (sections) => sections.map((s) => s.id));
  expect(ids.slice(0, SECTIONS.length)).toEqual([...SECTIONS]);
  for (const id of SECTIONS) {
    expect(await page.locator(`#${id} h2`).count(), `#${id} should have one <h2>`).toBe(1);
    expect(await drawnShapes(page, id), `#${id} draws no figure`).toBeGreaterThan(0);
    await page.locator(`#${id} [data-live="true"]`).first().waitFor({ timeout: 60_000 });
  }
}

/** The text of every live read-out on the page, in order. */
const readouts = (page: Page) =>
  page.$$eval('main [aria-live]', (elements) => elements.map((e) => e.textContent?.trim() ?? ''));

/** The read-outs once they stop changing (the same text twice, 500 ms apart): live work has settled. */
async function settledReadouts(page: Page): Promise<string[]> {
  let last = await readouts(page);
  for (;;) {
    await page.waitForTimeout(500);
    const now = await readouts(page);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
}

/** Counts animation frames requested (d3 transitions run on them), from before any page script. */
function countFrames(): void {
  const w = window as unknown as { frames_: number };
  w.frames_ = 0;
  const request = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => {
    w.frames_ += 1;
    return request(callback);
  };
}
const framesSoFar = (page: Page) => page.evaluate(() => (window as unknown as { frames_: number }).frames_);

// With three models (vae, geometric, ae) on one page, every session shares onnxruntime-web's WebGPU
// build: the SDK runs their calls one at a time (`ortQueue`), else they corrupt its wasm memory
// ('memory access out of bounds') and the page falls back to WASM. This test guards that.
describe('the page on WebGPU (auto), opened with a backend it cannot use in the URL', () => {
  let site: SitePage;
  beforeAll(async () => {
    // 'cuda' is not a backend: the page must say so and choose for itself (WebGPU here).
    site = await openSite(browser, { query: 'site.backend=cuda' });
    await scrollThrough(site.page);
  }, SLOW);
  afterAll(async () => {
    await site?.close();
  });

  it('names the URL parameter it cannot use, with the reason, and keeps the default', () => {
    expect(site.consoleWarnings.join('\n')).toContain(
      "URL parameter site.backend=cuda ignored (expected one of auto, webgpu, wasm, got 'cuda')",
    );
  });

  it(
    'composes the seven sections in order, each with a heading and a figure drawn and live',
    async () => {
      await expectSectionsLive(site.page);
      for (const id of SECTIONS) await screenshot(site.page, `#${id}`, 'webgpu', id);
    },
    SLOW,
  );

  it(
    'decodes on WebGPU and says so on the page, with the adapter as the reason',
    async () => {
      const ready = await site.backendReady();
      expect(ready.backend).toBe('webgpu');
      expect(ready.text).toMatch(/^Decoding live on WebGPU\. Why: WebGPU adapter: .*swiftshader/i);
    },
    SLOW,
  );

  it(
    'has no serious or critical accessibility violation (axe-core)',
    async () => {
      expect(await seriousViolations(site.page)).toEqual([]);
    },
    SLOW,
  );

  it('sent no request off the origin and logged no console error', () => {
    expect(site.offOrigin).toEqual([]);
    expect(site.consoleErrors).toEqual([]);
  });
});

describe('the page on WASM, for readers', () => {
  let site: SitePage;
  let reopened: SitePage | undefined;
  beforeAll(async () => {
    site = await openSite(browser, { backend: 'wasm', init: countFrames });
    await scrollThrough(site.page);
  }, SLOW);
  afterAll(async () => {
    await Promise.all([site?.close(), reopened?.close()]);
  });

  it(
    'composes the seven sections, each figure drawn and live, and decodes on WASM as asked',
    async () => {
      await expectSectionsLive(site.page);
      const ready = await site.backendReady();
      expect(ready.backend).toBe('wasm');
      expect(ready.text).toMatch(
        /^Decoding live on WebAssembly \(WASM\) on \d+ threads? .*Why: .*'wasm' was requested/,
      );
    },
    SLOW,
  );

  it(
    'round-trips every figure through the URL: a link opens the figures as they were left',
    async () => {
      // Move every focusable plot, slider and radio group one step with the keyboard, as a reader would.
      const controls = site.page.locator(
        'main :is(svg[tabindex="0"], [role="application"], input[type="range"], input[type="radio"]:checked)',
      );
      const count = await controls.count();
      for (let i = 0; i < count; i += 1) {
        const control = controls.nth(i);
        await control.scrollIntoViewIfNeeded();
        await control.focus();
        await control.press('ArrowRight');
      }
      const left = await settledReadouts(site.page);
      const link = site.page.url();
      const figureParams = [...new URL(link).searchParams.keys()].filter((key) => !key.startsWith('site.'));
      expect(figureParams.length, `no figure wrote its state to the URL: ${link}`).toBeGreaterThan(0);

      // Reopened on a phone (375 px wide): the same state, whatever the width; the next test uses it.
      reopened = await openSite(browser, {
        query: new URL(link).search.slice(1), // with site.backend=wasm
        viewport: { width: 375, height: 740 },
      });
      await scrollThrough(reopened.page);
      await reopened.backendReady();
      // Live figures finish at their own pace (the posterior decodes a grid): wait for the same text.
      const phone = reopened.page;
      await expect.poll(() => readouts(phone), { timeout: 60_000, interval: 250 }).toEqual(left);
      // The same parameters, whatever order the figures wrote them in.
      const params = (url: string) => [...new URL(url).searchParams].map(([k, v]) => `${k}=${v}`).sort();
      expect(params(reopened.page.url())).toEqual(params(link));
      expect(reopened.consoleErrors).toEqual([]);
    },
    SLOW,
  );

  it(
    'runs no animation under prefers-reduced-motion, idle or after any button',
    async () => {
      await site.page.emulateMedia({ reducedMotion: 'reduce' });
      await scrollThrough(site.page);
      const idle = await site.page.evaluate(async () => {
        const w = window as unknown as { frames_: number };
        await new Promise((resolve) => setTimeout(resolve, 300));
        const before = w.frames_;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const running = document.getAnimations().filter((a) => a.playState === 'running').length;
        const transitions = [...document.querySelectorAll('main *')].filter((element) =>
          getComputedStyle(element)
            .transitionDuration.split(',')
            .some((d) => Number.parseFloat(d) > 0),
        ).length;
        return { frames: w.frames_ - before, running, transitions };
      });
      expect(idle).toEqual({ frames: 0, running: 0, transitions: 0 });
      // Every button (sample, play, step...): at most a redraw or two, never a run of frames (an
      // animation at 60 fps asks for ~60 in the second after the click).
      const buttons = site.page.locator('main button:visible');
      for (let i = 0; i < (await buttons.count()); i += 1) {
        const button = buttons.nth(i);
        const before = await framesSoFar(site.page);
        await button.click();
        await site.page.waitForTimeout(600);
        const label = (await button.textContent())?.trim();
        expect((await framesSoFar(site.page)) - before, `frames after clicking "${label}"`).toBeLessThan(5);
      }
    },
    SLOW,
  );

  it(
    'has no horizontal scroll at 375 px wide (a phone)',
    async () => {
      const phone = reopened?.page;
      if (phone === undefined) throw new Error('the round-trip test did not open the phone-sized page');
      const widths = await phone.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      await phone.evaluate(() => window.scrollTo(0, 0));
      await phone.screenshot({ path: `${ARTIFACTS}phone-top.png` });
    },
    SLOW,
  );

  it('sent no request off the origin and logged no console error', () => {
    expect(site.offOrigin).toEqual([]);
    expect(site.consoleErrors).toEqual([]);
  });
});
