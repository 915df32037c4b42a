// Opens the built site on WASM and waits until one section's figure has started its live work
// (figures-a's custom elements set data-live="true"); `reopen` reloads the same page on a URL with
// figure state, for the URL round trips.
import type { Browser } from 'playwright-core';
import { openSite, type SitePage } from '../harness/site-page.ts';

export interface LiveSection {
  /** The section's id, e.g. 'ellipses'. */
  readonly id: string;
  /** Its custom element, e.g. 'ellipses-figure'. */
  readonly tag: string;
}

async function waitLive(site: SitePage, { id, tag }: LiveSection): Promise<void> {
  await site.page.locator(`#${id}`).scrollIntoViewIfNeeded();
  await site.page.waitForSelector(`${tag}[data-live="true"]`, { timeout: 60_000 });
}

export async function openLive(browser: Browser, section: LiveSection): Promise<SitePage> {
  const site = await openSite(browser, { backend: 'wasm' });
  await waitLive(site, section);
  return site;
}

/** Reloads `site` on `?site.backend=wasm&<query>` and waits for the section again. */
export async function reopen(site: SitePage, section: LiveSection, query: string): Promise<void> {
  const url = new URL(site.page.url());
  url.search = `?site.backend=wasm&${query}`;
  await site.page.goto(url.href, { waitUntil: 'load' });
  await waitLive(site, section);
}
