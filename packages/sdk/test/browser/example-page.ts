// Opens the example app in a page and waits until it is ready (or failed); exposes the model it made.
import type { Browser, Page } from 'playwright-core';
import type { ModelInfo, VaeModel } from '../../src/index.ts';

export interface ExampleTimings {
  readonly importMs: number;
  readonly loadMs: number;
  readonly firstSampleMs: number;
  readonly coldStartMs: number;
}

/** What the example page leaves on `globalThis.ellipseExample`. */
export interface ExampleGlobal {
  readonly model?: VaeModel;
  readonly timings?: ExampleTimings;
  readonly error?: string;
}

export interface OpenedExample {
  readonly page: Page;
  readonly info: ModelInfo;
  readonly timings: ExampleTimings;
  /** The page's console errors, for failure messages. */
  readonly console: string[];
}

export async function openExample(browser: Browser, url: string): Promise<OpenedExample> {
  const page = await browser.newPage();
  const console: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') console.push(message.text());
  });
  page.on('pageerror', (error) => console.push(error.message));
  await page.goto(url);
  await page.waitForFunction(
    () => (globalThis as { ellipseExample?: unknown }).ellipseExample !== undefined,
    null,
    {
      timeout: 90_000,
    },
  );
  const state = await page.evaluate(() => {
    const { model, timings, error } = (globalThis as unknown as { ellipseExample: ExampleGlobal })
      .ellipseExample;
    return { info: model?.info, timings, error };
  });
  if (state.info === undefined || state.timings === undefined) {
    throw new Error(`the example page at ${url} failed: ${state.error}; console: ${console.join(' | ')}`);
  }
  return { page, info: state.info, timings: state.timings, console };
}
