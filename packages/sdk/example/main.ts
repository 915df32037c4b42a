// A small web app using @ellipse/sdk as any app would. Query parameters:
//   ?model=<url of decoder.onnx> (default models/decoder.onnx)   &backend=auto|webgpu|wasm
// The SDK is imported dynamically so onnxruntime-web's worker threads do not re-run this page script.
import type { Decoded, ImageShape, VaeModel } from '../src/index.ts';

const params = new URLSearchParams(location.search);
const modelUrl = params.get('model') ?? 'models/decoder.onnx';
const backend = (params.get('backend') ?? 'auto') as 'auto' | 'webgpu' | 'wasm';
const status = document.querySelector('#status') as HTMLElement;

function canvas(id: string): CanvasRenderingContext2D {
  return (document.querySelector(`#${id}`) as HTMLCanvasElement).getContext('2d') as CanvasRenderingContext2D;
}

/** Tiles decoded images `columns` per row, scaled to fill the canvas width. */
async function drawImages(
  ctx: CanvasRenderingContext2D,
  decoded: Decoded,
  shape: ImageShape,
  columns: number,
) {
  const { toImageData } = await import('../src/index.ts');
  const [height, width] = shape;
  const size = ctx.canvas.width / columns;
  // Fit the canvas to the rows drawn (resizing clears it, so before drawing).
  ctx.canvas.height = Math.ceil(decoded.x.rows / columns) * ((size * height) / width);
  ctx.imageSmoothingEnabled = false;
  for (let i = 0; i < decoded.x.rows; i += 1) {
    const bitmap = await createImageBitmap(toImageData(decoded.x, i, shape));
    ctx.drawImage(
      bitmap,
      (i % columns) * size,
      Math.floor(i / columns) * size,
      size,
      (size * height) / width,
    );
  }
}

/** Non-image models (2-D toy data): decoded means as dots, x and y in [-2, 2]. */
function drawPoints(ctx: CanvasRenderingContext2D, decoded: Decoded) {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = '#246';
  for (let i = 0; i < decoded.x.rows; i += 1) {
    const [x = 0, y = 0] = decoded.x.data.subarray(i * decoded.x.columns, i * decoded.x.columns + 2);
    ctx.fillRect(((x + 2) / 4) * width - 1, (1 - (y + 2) / 4) * height - 1, 3, 3);
  }
}

async function show(model: VaeModel): Promise<void> {
  const { info } = model;
  const draw = (id: string, decoded: Decoded, columns: number) =>
    info.imageShape === null
      ? drawPoints(canvas(id), decoded)
      : drawImages(canvas(id), decoded, info.imageShape, columns);
  const grid = await model.grid({ steps: 8, range: [-2, 2] });
  await draw('grid', grid, 8);
  const samples = await model.sample(10, { seed: 2026 });
  await draw('samples', samples, 10);
  const k = info.latentSize;
  const path = await model.interpolate(samples.z.data.subarray(0, k), samples.z.data.subarray(k, 2 * k), 10, {
    method: 'spherical',
  });
  await draw('path', path, 10);
}

try {
  const t0 = performance.now();
  const { loadModel } = await import('../src/index.ts');
  const t1 = performance.now();
  const model = await loadModel(new URL(modelUrl, location.href).href, { backend });
  const t2 = performance.now();
  // The first run compiles WebGPU shaders (or warms the wasm): do it before drawing.
  await model.sample(1, { seed: 0 });
  const t3 = performance.now();
  const timings = { importMs: t1 - t0, loadMs: t2 - t1, firstSampleMs: t3 - t2, coldStartMs: t3 - t0 };
  const b = model.info.backend;
  status.textContent =
    `${model.info.metadata.dataset}: latent ${model.info.latentSize}, ${model.info.likelihood} decoder.\n` +
    `Backend: ${b.name} (${b.reason}).\nThreads: ${b.threads} (${b.threadsReason}).\n` +
    `Cold start (import to first sample): ${Math.round(timings.coldStartMs)} ms.`;
  await show(model);
  status.dataset.state = 'ready';
  // For the console and the browser tests.
  (globalThis as { ellipseExample?: unknown }).ellipseExample = { model, timings };
} catch (error) {
  status.dataset.state = 'error';
  status.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  (globalThis as { ellipseExample?: unknown }).ellipseExample = { error: String(error) };
}
