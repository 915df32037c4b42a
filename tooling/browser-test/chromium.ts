// Debian's Chromium (`apt-get install -y chromium`), driven by playwright-core; never a downloaded browser.
import { access } from 'node:fs/promises';
import { type Browser, type BrowserServer, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function launchOptions(webgpu: boolean) {
  try {
    await access(CHROMIUM_PATH);
  } catch {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install it with 'apt-get install -y chromium' (or set CHROMIUM_PATH)`,
    );
  }
  return {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: webgpu ? [...ARGS, '--enable-unsafe-webgpu'] : ARGS,
  };
}

/** Headless Chromium; `webgpu` adds --enable-unsafe-webgpu (SwiftShader adapter without a GPU). */
export async function launchChromium({ webgpu }: { readonly webgpu: boolean }): Promise<Browser> {
  return chromium.launch(await launchOptions(webgpu));
}

/**
 * The same Chromium as a server, launched once for a whole suite (a vitest global setup); each test
 * file attaches with `chromium.connect(server.wsEndpoint())` instead of starting its own browser.
 */
export async function launchChromiumServer({ webgpu }: { readonly webgpu: boolean }): Promise<BrowserServer> {
  return chromium.launchServer(await launchOptions(webgpu));
}
