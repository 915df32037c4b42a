// whenNearViewport (src/lib/near-viewport.ts) with Chromium's own IntersectionObserver: a figure starts
// when it comes within two viewport heights, not before, and only once.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exposeModule } from './harness/page-module.ts';
import { connectBrowser } from './harness/site-page.ts';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await connectBrowser({ webgpu: false });
  page = await browser.newPage({ viewport: { width: 800, height: 500 } });
  // A figure 3,000 px down a 10,000 px page (six viewports of 500 px below the top).
  await page.setContent(
    '<div style="height:3000px"></div><figure id="far" style="height:100px;margin:0"></figure><div style="height:7000px"></div>',
  );
  await exposeModule(page, new URL('../src/lib/near-viewport.ts', import.meta.url), 'nearViewport');
  await page.evaluate(() => {
    const w = window as unknown as {
      nearViewport: typeof import('../src/lib/near-viewport.ts');
      starts: number[];
    };
    w.starts = [];
    w.nearViewport.whenNearViewport({
      element: document.getElementById('far') as HTMLElement,
      start: () => w.starts.push(window.scrollY),
    });
  });
});
afterAll(async () => {
  await browser?.close();
});

const startsAfterScrollingTo = async (y: number) => {
  await page.evaluate((top) => window.scrollTo(0, top), y);
  // IntersectionObserver reports on the next frames.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))));
  return page.evaluate(() => (window as unknown as { starts: number[] }).starts);
};

it('starts a figure once, when it comes within two viewport heights of the screen', async () => {
  // Viewport [0, 500] grown by 2 x 500 below reaches 1,500: the figure at 3,000 is far.
  expect(await startsAfterScrollingTo(0)).toEqual([]);
  // Viewport [1,400, 1,900] grown to 2,900: the figure (3,000-3,100) is still 100 px away.
  expect(await startsAfterScrollingTo(1400)).toEqual([]);
  // Viewport [1,600, 2,100] grown to 3,100: it is now within reach.
  expect(await startsAfterScrollingTo(1600)).toEqual([1600]);
  // Scrolling past and back does not start it again.
  expect(await startsAfterScrollingTo(5000)).toEqual([1600]);
  expect(await startsAfterScrollingTo(1600)).toEqual([1600]);
});
