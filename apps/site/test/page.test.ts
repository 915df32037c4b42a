// Page-wide checks of the BUILT site in Debian's headless Chromium, on WebGPU (SwiftShader, via
// --enable-unsafe-webgpu) and on WASM: every section renders its figure, nothing leaves the origin, no
// console error, no serious axe violation, reduced motion stops animation, no horizontal scroll at 375 px.
// Screenshots of every section land in test-artifacts/<backend>/ (gitignored).
import { launchChromium } from '@ellipse/browser-test/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './harness/axe.ts';
import { openSite, type SitePage, screenshot, scrollThrough } from './harness/site-page.ts';

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

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ webgpu: true });
});
afterAll(async () => {
  await browser?.close();
});

describe.each([
  { backend: 'webgpu', request: 'auto' },
  { backend: 'wasm', request: 'wasm' },
] as const)('the page on $backend', ({ backend, request }) => {
  let site: SitePage;
  beforeAll(async () => {
    site = await openSite(browser, { backend: request });
    await scrollThrough(site.page);
  });
  afterAll(async () => {
    await site?.close();
  });

  it('composes the seven sections in order, each with a heading and a drawn figure', async () => {
    const ids = await site.page.$$eval('main > section[id]', (sections) => sections.map((s) => s.id));
    expect(ids.slice(0, SECTIONS.length)).toEqual([...SECTIONS]);
    for (const id of SECTIONS) {
      const section = site.page.locator(`#${id}`);
      expect(await section.locator('h2').count(), `#${id} should have one <h2>`).toBe(1);
      // A figure is drawn when its SVG holds shapes (or a canvas is there): element counts, not pixels.
      const drawn = await section.evaluate(
        (element) =>
          element.querySelectorAll('svg :is(circle, ellipse, path, rect, line, image), canvas').length,
      );
      expect(drawn, `#${id} draws no figure`).toBeGreaterThan(0);
      await screenshot(site.page, `#${id}`, backend, id);
    }
  });

  it(`decodes on ${backend} and says so on the page, with the reason`, async () => {
    const ready = await site.backendReady();
    expect(ready.backend).toBe(backend);
    expect(ready.text).toMatch(backend === 'webgpu' ? /WebGPU.*adapter/ : /WASM.*requested/);
  });

  it('sends no request off the origin and logs no console error', () => {
    expect(site.offOrigin).toEqual([]);
    expect(site.consoleErrors).toEqual([]);
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    expect(await seriousViolations(site.page)).toEqual([]);
  });
});

describe('the page for readers', () => {
  it('has no horizontal scroll at 375 px wide', async () => {
    const site = await openSite(browser, { viewport: { width: 375, height: 740 } });
    await scrollThrough(site.page);
    const widths = await site.page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await screenshot(site.page, 'body', 'phone', 'page');
    await site.close();
  });

  it('runs no animation under prefers-reduced-motion, after scrolling through every figure', async () => {
    const site = await openSite(browser, { reducedMotion: true });
    // Count animation frames requested while the page is left alone (d3 transitions run on them).
    await site.page.evaluate(() => {
      const w = window as unknown as { frames_: number };
      w.frames_ = 0;
      const request = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (callback) => {
        w.frames_ += 1;
        return request(callback);
      };
    });
    await scrollThrough(site.page);
    const idle = await site.page.evaluate(async () => {
      const w = window as unknown as { frames_: number };
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = w.frames_;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const running = document.getAnimations().filter((a) => a.playState === 'running').length;
      const transitions = [...document.querySelectorAll('*')].filter((element) =>
        getComputedStyle(element)
          .transitionDuration.split(',')
          .some((d) => Number.parseFloat(d) > 0),
      ).length;
      return { frames: w.frames_ - before, running, transitions };
    });
    expect(idle).toEqual({ frames: 0, running: 0, transitions: 0 });
    expect(site.consoleErrors).toEqual([]);
    await site.close();
  });

  it('reports a URL parameter it cannot use (named, with the reason) and keeps its default', async () => {
    const site = await openSite(browser, { query: 'site.backend=cuda' });
    expect(site.consoleWarnings.join('\n')).toContain(
      "URL parameter site.backend=cuda ignored (expected one of auto, webgpu, wasm, got 'cuda')",
    );
    expect(site.consoleErrors).toEqual([]);
    await site.close();
  });
});
