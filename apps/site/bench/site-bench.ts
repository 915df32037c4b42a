// `pnpm --filter site bench` (after `pnpm --filter site build`): the site's performance budget (issue 7,
// section 5) in Debian's headless Chromium against the BUILT site on 127.0.0.1:
//  - bytes transferred before the first interaction (wasm and models excluded: they load on demand);
//  - time from navigation to the first image decoded live in the generative figure, on WASM and WebGPU;
//  - decoded images per second while the pointer drags through that figure's latent plane, beside the
//    frames the browser painted in the same seconds (the baseline: a figure can not beat it).
// Appends a table to BENCHMARKS.md at the repository root.
import { appendFile, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '@ellipse/browser-test/chromium';
import { startStaticServer } from '@ellipse/browser-test/static-server';
import type { Browser, Page } from 'playwright-core';

/** The built site: dist/, or $ELLIPSE_SITE_DIST (a build made with `astro build --outDir <dir>`). */
const DIST = process.env.ELLIPSE_SITE_DIST ?? fileURLToPath(new URL('../dist/', import.meta.url));
const BUDGET_BYTES = 500 * 1024;
const RUNS = 3;
const DRAG_MS = 3000;
/** The live figure dragged through, and the slot where it shows the image decoded at the pointer. */
const FIGURE = '#generative';
const DECODED = `${FIGURE} [data-decoded]`;

type Backend = 'wasm' | 'webgpu';

interface BenchCounters {
  updates: number[];
  frames: number;
  moves: number;
}

/**
 * Counts decoded images shown (an <image> added, or its href changed) inside `selector`, painted
 * frames, and pointer moves with a button down (decoded/s cannot beat either).
 */
function instrument(selector: string): void {
  const w = window as unknown as { bench_: BenchCounters };
  w.bench_ = { updates: [], frames: 0, moves: 0 };
  addEventListener(
    'pointermove',
    (event) => {
      if (event.buttons !== 0) w.bench_.moves += 1;
    },
    { capture: true },
  );
  const tick = () => {
    w.bench_.frames += 1;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const inFigure = (node: Node) => node instanceof Element && node.closest(selector) !== null;
  new MutationObserver((records) => {
    const shown = records.some((record) =>
      record.type === 'attributes'
        ? (record.target as Element).localName === 'image' && inFigure(record.target)
        : [...record.addedNodes].some(
            (node) =>
              node instanceof Element &&
              inFigure(node) &&
              (node.localName === 'image' || node.querySelector('image') !== null),
          ),
    );
    if (shown) w.bench_.updates.push(performance.now());
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['href'] });
}

const counters = (page: Page) =>
  page.evaluate(() => {
    const { updates, frames, moves } = (window as unknown as { bench_: BenchCounters }).bench_;
    return { updates: [...updates], frames, moves };
  });

interface Bytes {
  /** HTML, JS, CSS and data: as served here (uncompressed) and as a host compressing with gzip sends it. */
  readonly page: number;
  readonly pageGzip: number;
  readonly wasm: number;
  readonly models: number;
}

/** What a reader downloads by just opening the page and waiting, before touching anything. */
async function bytesBeforeInteraction(browser: Browser, url: string): Promise<Bytes> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const sizes: Promise<{ url: string; bytes: number; gzip: number }>[] = [];
  page.on('response', (response) => {
    sizes.push(
      response.body().then(
        (body) => ({ url: response.url(), bytes: body.length, gzip: gzipSync(body).length }),
        () => ({ url: response.url(), bytes: 0, gzip: 0 }),
      ),
    );
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const all = await Promise.all(sizes);
  await context.close();
  const sum = (keep: (u: string) => boolean, size: 'bytes' | 'gzip' = 'bytes') =>
    all.filter((r) => keep(r.url)).reduce((s, r) => s + r[size], 0);
  const isWasm = (u: string) => u.endsWith('.wasm');
  const isModel = (u: string) => new URL(u).pathname.startsWith('/models/');
  const isPage = (u: string) => !isWasm(u) && !isModel(u);
  return { page: sum(isPage), pageGzip: sum(isPage, 'gzip'), wasm: sum(isWasm), models: sum(isModel) };
}

interface LiveRun {
  /** ms from navigation start to the first decoded image in FIGURE. */
  readonly firstDecodeMs: number;
  readonly backendText: string;
  readonly updatesPerSecond: number;
  readonly framesPerSecond: number;
  readonly movesPerSecond: number;
}

/** A cold start in a fresh browser: scroll to FIGURE, wait for its first decoded image, then drag. */
async function liveRun(url: string, backend: Backend): Promise<LiveRun> {
  const browser = await launchChromium({ webgpu: backend === 'webgpu' });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(instrument, DECODED);
    await page.goto(`${url}?site.backend=${backend}`, { waitUntil: 'domcontentloaded' });
    await page.locator(FIGURE).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => (window as unknown as { bench_: { updates: number[] } }).bench_.updates.length > 0,
      undefined,
      { timeout: 120_000 },
    );
    const first = (await counters(page)).updates[0] as number;
    const backendText = (await page.locator('[data-backend-status]').textContent()) ?? '';
    // Drag once the figure has done its start-up work (grid, samples), which shares the decoder.
    await page.waitForSelector(`${FIGURE} [data-live="true"]`, { timeout: 120_000 });
    const plane = page.locator(`${FIGURE} [data-plot] svg`).first();
    if ((await plane.count()) === 0)
      throw new Error(`no latent plane ([data-plot] svg) in ${FIGURE} to drag`);
    await plane.scrollIntoViewIfNeeded();
    const before = await counters(page);
    const start = performance.now();
    // Circle through the plane with a button held: one pointermove per animation frame, dispatched in
    // the page (one driver round trip per move would cap the rate on a busy machine, not the figure).
    await plane.evaluate(async (svg, ms) => {
      const box = svg.getBoundingClientRect();
      const [cx, cy, r] = [
        box.x + box.width / 2,
        box.y + box.height / 2,
        Math.min(box.width, box.height) / 3,
      ];
      const t0 = performance.now();
      for (let t = 0; performance.now() - t0 < ms; t += 1) {
        const angle = (t / 60) * 2 * Math.PI;
        const at = { clientX: cx + r * Math.cos(angle), clientY: cy + r * Math.sin(angle) };
        svg.dispatchEvent(
          new PointerEvent('pointermove', { ...at, buttons: 1, bubbles: true, pointerId: 1 }),
        );
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    }, DRAG_MS);
    const seconds = (performance.now() - start) / 1000;
    const after = await counters(page);
    return {
      firstDecodeMs: first,
      backendText: backendText.trim(),
      updatesPerSecond: (after.updates.length - before.updates.length) / seconds,
      framesPerSecond: (after.frames - before.frames) / seconds,
      movesPerSecond: (after.moves - before.moves) / seconds,
    };
  } finally {
    await browser.close();
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

try {
  await readFile(join(DIST, 'index.html'));
} catch {
  throw new Error(`no built site at ${DIST}: run 'pnpm --filter site build' first`);
}
// A copy, so a build running meanwhile cannot change the site under measurement.
const copy = await mkdtemp(join(tmpdir(), 'ellipse-site-bench-'));
await cp(DIST, copy, { recursive: true });
const server = await startStaticServer(copy);
const load = loadavg()[0] as number;
try {
  const browser = await launchChromium({ webgpu: false });
  const bytes = await bytesBeforeInteraction(browser, server.url);
  await browser.close();
  console.log('bytes before first interaction:', bytes);

  const live: Record<Backend, LiveRun[]> = { wasm: [], webgpu: [] };
  for (let run = 0; run < RUNS; run += 1) {
    for (const backend of ['wasm', 'webgpu'] as const) {
      const result = await liveRun(server.url, backend);
      console.log(backend, run + 1, result);
      live[backend].push(result);
    }
  }
  const row = (backend: Backend, label: string) => {
    const runs = live[backend];
    const first = median(runs.map((r) => r.firstDecodeMs));
    const updates = median(runs.map((r) => r.updatesPerSecond));
    const frames = median(runs.map((r) => r.framesPerSecond));
    const moves = median(runs.map((r) => r.movesPerSecond));
    const vsWasm = first / median(live.wasm.map((r) => r.firstDecodeMs));
    return `| ${label} | ${first.toFixed(0)} ms | ${vsWasm.toFixed(2)}x | ${updates.toFixed(1)} | ${moves.toFixed(1)} | ${frames.toFixed(1)} | ${(updates / Math.min(moves, frames)).toFixed(2)} |`;
  };
  const lines = [
    `### Site: page weight, first decoded image, drag (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Command: \`pnpm --filter site build && pnpm --filter site bench\`. Debian's headless Chromium, the built site on 127.0.0.1 (COOP/COEP set), ${availableParallelism()} cores shared with other work (load average ${load.toFixed(1)} at the start): read ratios, not absolute times. Medians of ${RUNS} cold starts (a fresh browser each).`,
    '',
    '| before the first interaction | bytes | budget |',
    '| --- | ---: | --- |',
    `| page (HTML, JS, CSS; no wasm, no models), gzip as a host sends it | ${kb(bytes.pageGzip)} | ${bytes.pageGzip <= BUDGET_BYTES ? 'within' : 'OVER'} ${kb(BUDGET_BYTES)} |`,
    `| the same, uncompressed (this bench's server) | ${kb(bytes.page)} | - |`,
    `| models and data fetched for figures near the viewport | ${kb(bytes.models)} | on demand |`,
    `| onnxruntime-web wasm | ${mb(bytes.wasm)} | on demand |`,
    '',
    `Live: "first decoded image" is navigation start to the first image decoded at the pointer in \`${FIGURE}\` (scrolled to at once). "Decoded/s" is images decoded and drawn per second while the pointer circles through its latent plane for ${DRAG_MS / 1000} s; "pointer moves/s" the moves dispatched (one per frame) and "painted/s" the frames the browser painted in the same seconds (the baselines: a figure cannot show more images than either); target: >= 30 decoded/s on WASM.`,
    '',
    '| backend | first decoded image | vs WASM | decoded/s while dragging | pointer moves/s | painted/s | decoded per move or frame (fewer of the two) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('wasm', 'WASM'),
    row('webgpu', 'WebGPU (SwiftShader, software)'),
    '',
    `Backends as the page reported them: "${live.wasm[0]?.backendText}"; "${live.webgpu[0]?.backendText}".`,
    '',
  ];
  console.log(lines.join('\n'));
  await appendFile(join(import.meta.dirname, '..', '..', '..', 'BENCHMARKS.md'), `\n${lines.join('\n')}`);
} finally {
  await server.close();
  await rm(copy, { recursive: true, force: true });
}
