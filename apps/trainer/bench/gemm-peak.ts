/**
 * One core's attainable fp32 peak, measured rather than read off the clock: a 512 x 512 x 512 MatMul
 * (2 * 512^3 FLOPs, large enough that packing and call overhead are noise) run by ONNX Runtime's CPU
 * provider (MLAS, the same kernels as our training step) on one intra-op thread, best of a second
 * of runs. A VM's /proc/cpuinfo reports the base clock, so a clock-based peak is too low under turbo.
 */
import type * as Ort from 'onnxruntime-node';
import { encodeModel, floatValueInfo, node } from '../src/export/onnx-graph.ts';

const SIZE = 512;

export async function measureGemmPeakGflops(ort: typeof Ort, seconds = 1): Promise<number> {
  const bytes = encodeModel({
    graphName: 'gemm-peak',
    nodes: [node('MatMul', ['a', 'b'], 'c')],
    initializers: [],
    inputs: [floatValueInfo('a', [SIZE, SIZE]), floatValueInfo('b', [SIZE, SIZE])],
    outputs: [floatValueInfo('c', [SIZE, SIZE])],
    metadata: {},
    producerName: 'ellipse-bench',
    producerVersion: '0',
  });
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const matrix = () =>
    new ort.Tensor(
      'float32',
      Float32Array.from({ length: SIZE * SIZE }, (_, i) => (i % 7) - 3),
      [SIZE, SIZE],
    );
  const feeds = { a: matrix(), b: matrix() };
  const fetches = { c: new ort.Tensor('float32', new Float32Array(SIZE * SIZE), [SIZE, SIZE]) };
  let best = Number.POSITIVE_INFINITY;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const t = performance.now();
    await session.run(feeds, fetches);
    best = Math.min(best, performance.now() - t);
  }
  await session.release();
  return (2 * SIZE ** 3) / (best / 1000) / 1e9;
}
