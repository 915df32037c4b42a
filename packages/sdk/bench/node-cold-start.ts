// Run by sdk-bench.ts in a fresh Node process: import the SDK, load the decoder at argv[2] on wasm,
// draw one sample; prints the timings as JSON.
const t0 = performance.now();
const { loadModel } = await import('../src/index.ts');
const t1 = performance.now();
const model = await loadModel(process.argv[2] as string, { backend: 'wasm' });
const t2 = performance.now();
await model.sample(1, { seed: 0 });
const t3 = performance.now();
await model.dispose();
console.log(
  JSON.stringify({ importMs: t1 - t0, loadMs: t2 - t1, firstSampleMs: t3 - t2, coldStartMs: t3 - t0 }),
);
