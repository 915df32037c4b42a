// Vitest global setup of the `browser` project: serves the BUILT site (dist/, from `pnpm build`) on
// 127.0.0.1 with the COOP/COEP headers, and hands its URL to every test file (`inject('siteUrl')`).
// It serves a copy taken at the start, so a build running meanwhile cannot change the site under test.
// It also starts Chromium twice, with and without WebGPU, once for the whole suite: the test files
// attach to them (`connectBrowser` in site-page.ts) rather than each launching its own.
import { access, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromiumServer } from '@ellipse/browser-test/chromium';
import { startStaticServer } from '@ellipse/browser-test/static-server';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built site's root URL, e.g. http://127.0.0.1:40123/ */
    siteUrl: string;
    /** The suite's Chromium servers' WebSocket endpoints, with and without --enable-unsafe-webgpu. */
    chromium: { readonly webgpu: string; readonly plain: string };
  }
}

/** The built site: dist/, or $ELLIPSE_SITE_DIST (a build made with `astro build --outDir <dir>`). */
export const DIST = process.env.ELLIPSE_SITE_DIST
  ? process.env.ELLIPSE_SITE_DIST.replace(/\/?$/, '/')
  : fileURLToPath(new URL('../../dist/', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    await access(`${DIST}index.html`);
  } catch {
    throw new Error(`no built site at ${DIST}: run 'pnpm --filter site build' before the browser tests`);
  }
  const copy = await mkdtemp(join(tmpdir(), 'ellipse-site-'));
  await cp(DIST, copy, { recursive: true });
  const server = await startStaticServer(copy);
  project.provide('siteUrl', server.url);
  const [webgpu, plain] = await Promise.all([
    launchChromiumServer({ webgpu: true }),
    launchChromiumServer({ webgpu: false }),
  ]);
  project.provide('chromium', { webgpu: webgpu.wsEndpoint(), plain: plain.wsEndpoint() });
  return async () => {
    await Promise.all([webgpu.close(), plain.close()]);
    await server.close();
    await rm(copy, { recursive: true, force: true });
  };
}
