// Runs one of the site's TypeScript modules (src/lib/*.ts, without imports of its own) in a real
// Chromium page: Node strips its types, the page imports it as a module and exposes its exports on
// `window[name]`. For testing browser-facing code against the real DOM APIs it uses.
import { readFile } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';
import type { Page } from 'playwright-core';

export async function exposeModule(page: Page, file: URL, name: string): Promise<void> {
  const source = stripTypeScriptTypes(await readFile(file, 'utf8'));
  if (/^\s*import\s/m.test(source)) {
    throw new Error(`${file.pathname} imports other modules: exposeModule runs only self-contained ones`);
  }
  const url = `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`;
  await page.addScriptTag({
    type: 'module',
    content: `import * as m from '${url}'; window[${JSON.stringify(name)}] = m;`,
  });
  await page.waitForFunction((key) => key in window, name);
}
