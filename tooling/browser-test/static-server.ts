// A tiny static file server on 127.0.0.1 for the browser tests and the benches (the SDK's example app,
// the built site). Paths under /plain/ are served without the COOP/COEP headers (a page that is not
// cross-origin isolated).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { ISOLATION_HEADERS } from './isolation-headers.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

export interface StaticServer {
  readonly url: string;
  /** Bytes served per file extension since start (or the last reset). */
  readonly bytesByType: Map<string, number>;
  close(): Promise<void>;
}

export async function startStaticServer(root: string): Promise<StaticServer> {
  const bytesByType = new Map<string, number>();
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const plain = url.pathname.startsWith('/plain/');
    const path = normalize(decodeURIComponent(url.pathname.replace(/^\/plain\//, '/'))).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      const type = extname(file);
      bytesByType.set(type, (bytesByType.get(type) ?? 0) + body.length);
      response.writeHead(200, {
        'Content-Type': TYPES[type] ?? 'application/octet-stream',
        'Cross-Origin-Resource-Policy': 'same-origin',
        ...(plain ? {} : ISOLATION_HEADERS),
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    bytesByType,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
