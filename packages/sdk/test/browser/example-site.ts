// Builds the example app with vite into a temporary folder, adds the given models under models/,
// and serves it on 127.0.0.1 (see @ellipse/browser-test/static-server).
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StaticServer, startStaticServer } from '@ellipse/browser-test/static-server';
import { build } from 'vite';

export interface ExampleSite {
  readonly server: StaticServer;
  /** Bytes of the built files, by name (assets/...). */
  readonly files: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export async function startExampleSite(models: Readonly<Record<string, Uint8Array>>): Promise<ExampleSite> {
  const dir = await mkdtemp(join(tmpdir(), 'ellipse-sdk-site-'));
  await build({
    configFile: join(packageRoot, 'vite.config.ts'),
    root: join(packageRoot, 'example'),
    build: { outDir: dir, emptyOutDir: true },
    logLevel: 'warn',
  });
  await mkdir(join(dir, 'models'));
  for (const [name, bytes] of Object.entries(models)) await writeFile(join(dir, 'models', name), bytes);
  const files = new Map<string, number>();
  for (const name of await readdir(join(dir, 'assets'))) {
    files.set(`assets/${name}`, (await stat(join(dir, 'assets', name))).size);
  }
  const server = await startStaticServer(dir);
  return {
    server,
    files,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
