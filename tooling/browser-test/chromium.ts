// Debian's Chromium (`apt-get install -y chromium`), driven by playwright-core; never a downloaded browser.
import { access } from 'node:fs/promises';
import { type Browser, chromium } from 'playwright-core';

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

/** Headless Chromium; `webgpu` adds --enable-unsafe-webgpu (SwiftShader adapter without a GPU). */
export async function launchChromium({ webgpu }: { readonly webgpu: boolean }): Promise<Browser> {
  try {
    await access(CHROMIUM_PATH);
  } catch {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install it with 'apt-get install -y chromium' (or set CHROMIUM_PATH)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: webgpu ? [...ARGS, '--enable-unsafe-webgpu'] : ARGS,
  });
}
