// Opens the built site in headless Chromium and records what the page did: console errors (and
// uncaught exceptions), requests that left the site's origin, and every response's size. Shared by the
// page-wide tests and each section's tests (test/sections/*.test.ts):
//
//   const browser = await connectBrowser({ webgpu: true });
//   const site = await openSite(browser, { backend: 'wasm', query: 'gen.z=1,2' });
//   await site.page.locator('#generative').scrollIntoViewIfNeeded();
//   await site.backendReady();              // the shared decoder service reports its backend
//   expect(site.consoleErrors).toEqual([]);
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm';

export interface OpenSiteOptions {
  /** Page-wide `?site.backend=` (default 'auto'). */
  readonly backend?: BackendChoice;
  /** More query parameters (figure state), without '?': `gen.z=1,2&gen.seed=3`. */
  readonly query?: string;
  /** CSS pixels (default 1280 x 900). */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Emulates `prefers-reduced-motion: reduce`. */
  readonly reducedMotion?: boolean;
  /** Runs in the page before any of its scripts (e.g. to count animation frames). */
  readonly init?: () => void;
}

export interface SiteResponse {
  readonly url: string;
  readonly bytes: number;
}

export interface SitePage {
  readonly page: Page;
  /** The site's origin, e.g. http://127.0.0.1:40123 */
  readonly origin: string;
  /** console.error messages and uncaught page errors, in order. */
  readonly consoleErrors: string[];
  /** console.warn messages (a rejected URL parameter is reported there). */
  readonly consoleWarnings: string[];
  /** Requests to any other origin (data: and blob: URLs are the page's own). */
  readonly offOrigin: string[];
  /** Every response body received from the site, with its size. */
  readonly responses: SiteResponse[];
  /** Waits until the backend read-out says a backend runs (or fails: then throws its text). */
  backendReady(): Promise<{ backend: string; text: string }>;
  close(): Promise<void>;
}

/** Where screenshots go: apps/site/test-artifacts/ (gitignored), by backend. */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/**
 * The suite's Chromium (started once by global-setup.ts), with `--enable-unsafe-webgpu` or without.
 * `close()` on it closes this file's contexts and detaches; the browser goes on for the next file.
 */
export function connectBrowser({ webgpu }: { readonly webgpu: boolean }): Promise<Browser> {
  const endpoints = inject('chromium');
  return chromium.connect(webgpu ? endpoints.webgpu : endpoints.plain);
}

export async function openSite(browser: Browser, options: OpenSiteOptions = {}): Promise<SitePage> {
  const {
    backend = 'auto',
    query = '',
    viewport = { width: 1280, height: 900 },
    reducedMotion,
    init,
  } = options;
  const base = new URL(inject('siteUrl'));
  const context = await browser.newContext({
    viewport,
    reducedMotion: reducedMotion ? 'reduce' : 'no-preference',
  });
  const page = await context.newPage();
  if (init !== undefined) await page.addInitScript(init);
  const consoleErrors: string[] = [];
  const consoleWarnings: string[] = [];
  const offOrigin: string[] = [];
  const responses: SiteResponse[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
    if (message.type() === 'warning') consoleWarnings.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== base.origin) {
      offOrigin.push(request.url());
    }
  });
  page.on('response', async (response) => {
    try {
      responses.push({ url: response.url(), bytes: (await response.body()).length });
    } catch {
      // The page closed before the body arrived: nothing to count.
    }
  });
  const search = [backend === 'auto' ? '' : `site.backend=${backend}`, query].filter(Boolean).join('&');
  await page.goto(`${base.href}${search ? `?${search}` : ''}`, { waitUntil: 'load' });
  return {
    page,
    origin: base.origin,
    consoleErrors,
    consoleWarnings,
    offOrigin,
    responses,
    async backendReady() {
      const readout = page.locator('[data-backend-status]');
      await page.waitForFunction(
        () => {
          const state = document.querySelector<HTMLElement>('[data-backend-status]')?.dataset.state;
          return state === 'ready' || state === 'failed';
        },
        undefined,
        { timeout: 90_000 },
      );
      const text = (await readout.textContent()) ?? '';
      const backendName = await readout.getAttribute('data-backend');
      if (backendName === null) throw new Error(`the decoder service failed: ${text}`);
      return { backend: backendName, text };
    },
    close: () => context.close(),
  };
}

/** Scrolls through the whole page, a viewport at a time, so every figure starts its live work. */
export async function scrollThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const step = window.innerHeight;
    for (let y = 0; y <= document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    }
    window.scrollTo(0, 0);
  });
}

/** Saves a PNG of one element (a section) under test-artifacts/<folder>/<name>.png; returns its path. */
export async function screenshot(
  page: Page,
  selector: string,
  folder: string,
  name: string,
): Promise<string> {
  const dir = `${ARTIFACTS}${folder}/`;
  await mkdir(dir, { recursive: true });
  const path = `${dir}${name}.png`;
  await page.locator(selector).screenshot({ path, animations: 'disabled' });
  return path;
}
