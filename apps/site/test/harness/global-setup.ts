// Vitest global setup of the `browser` project: serves the BUILT site (dist/, from `pnpm build`) on
// 127.0.0.1 with the COOP/COEP headers, and hands its URL to every test file (`inject('siteUrl')`).
// It serves a copy taken at the start, so a build running meanwhile cannot change the site under test.
import { access, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '@ellipse/browser-test/static-server';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built site's root URL, e.g. http://127.0.0.1:40123/ */
    siteUrl: string;
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
  return async () => {
    await server.close();
    await rm(copy, { recursive: true, force: true });
  };
}
