// Page-wide checks of the BUILT site in Debian's headless Chromium, on WebGPU (SwiftShader, via
// --enable-unsafe-webgpu) and on WASM: every section renders its figure, nothing leaves the origin, no
// console error, no serious axe violation, reduced motion stops animation, no horizontal scroll at 375 px.
// Screenshots of every section land in test-artifacts/<backend>/ (gitignored).
import { launchChromium } from '@ellipse/browser-test/chromium';
import type { Browser, Page } from 'playwright-core';
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
    // Count the animation frames requested (d3 transitions run on them), from before any page script.
    const site = await openSite(browser, {
      reducedMotion: true,
      init: () => {
        const w = window as unknown as { frames_: number };
        w.frames_ = 0;
        const request = window.requestAnimationFrame.bind(window);
        window.requestAnimationFrame = (callback) => {
          w.frames_ += 1;
          return request(callback);
        };
      },
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
    // Every button (sample, play, step...): at most a redraw or two, never a run of frames (an animation
    // at 60 fps asks for ~60 in the second after the click).
    const buttons = site.page.locator('main button:visible');
    for (let i = 0; i < (await buttons.count()); i += 1) {
      const button = buttons.nth(i);
      const before = await site.page.evaluate(() => (window as unknown as { frames_: number }).frames_);
      await button.click();
      await site.page.waitForTimeout(1000);
      const after = await site.page.evaluate(() => (window as unknown as { frames_: number }).frames_);
      expect(after - before, `frames after clicking "${await button.textContent()}"`).toBeLessThan(5);
    }
    expect(site.consoleErrors).toEqual([]);
    await site.close();
  });

  it('round-trips every figure through the URL: a link opens the figures as they were left', async () => {
    const site = await openSite(browser, { backend: 'wasm' });
    await scrollThrough(site.page);
    await site.backendReady();
    // Move every focusable plot and every slider/radio group with the keyboard, as a reader would.
    const controls = site.page.locator(
      'main :is(svg[tabindex="0"], [role="application"], input[type="range"], input[type="radio"]:checked)',
    );
    const count = await controls.count();
    for (let i = 0; i < count; i += 1) {
      const control = controls.nth(i);
      await control.scrollIntoViewIfNeeded();
      await control.focus();
      for (const key of ['ArrowRight', 'ArrowRight', 'ArrowUp']) await control.press(key);
    }
    await site.page.waitForTimeout(1000);
    const readouts = (page: Page) =>
      page.$$eval('main [aria-live]', (elements) => elements.map((e) => e.textContent?.trim() ?? ''));
    const left = await readouts(site.page);
    const link = site.page.url();
    const figureParams = [...new URL(link).searchParams.keys()].filter((key) => !key.startsWith('site.'));
    expect(figureParams.length, `no figure wrote its state to the URL: ${link}`).toBeGreaterThan(0);

    const reopened = await openSite(browser, { backend: 'wasm', query: new URL(link).search.slice(1) });
    await scrollThrough(reopened.page);
    await reopened.backendReady();
    await reopened.page.waitForTimeout(1000);
    expect(await readouts(reopened.page)).toEqual(left);
    expect(reopened.page.url()).toBe(link);
    expect([...site.consoleErrors, ...reopened.consoleErrors]).toEqual([]);
    await Promise.all([site.close(), reopened.close()]);
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
