import { describe, expect, it } from 'vitest';
import { type Batch, batches, stepsPerEpoch } from './batches.ts';

// N = 10 rows of D = 3: row r is [r, r + 0.25, r + 0.5], so a batch's values reveal its rows.
const D = 3;
const N = 10;
const values = Float32Array.from({ length: N * D }, (_, i) => Math.floor(i / D) + (i % D) * 0.25);

function take(iterator: Iterator<Batch>, n: number): Batch[] {
  const out: Batch[] = [];
  for (let i = 0; i < n; i++) {
    const next = iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe('batches', () => {
  it('visits every row once per epoch, in [B, D] copies of the rows', () => {
    const epoch = [...batches({ values, dataSize: D, batchSize: 4, seed: 1, epochs: 1 })];
    expect(epoch.map((b) => b.size)).toEqual([4, 4, 2]);
    expect(epoch.map((b) => b.position)).toEqual([0, 1, 2].map((step) => ({ epoch: 0, step })));
    const rows = epoch.flatMap((b) => [...b.indices]);
    expect([...rows].sort((a, b) => a - b)).toEqual([...Array(N).keys()]);
    expect(rows).not.toEqual([...Array(N).keys()]); // shuffled
    for (const batch of epoch) {
      expect(batch.values.length).toBe(batch.size * D);
      batch.indices.forEach((row, i) => {
        expect([...batch.values.subarray(i * D, (i + 1) * D)]).toEqual([row, row + 0.25, row + 0.5]);
      });
    }
  });

  it('dropLast skips the short batch', () => {
    const sizes = [...batches({ values, dataSize: D, batchSize: 4, seed: 1, epochs: 2, dropLast: true })].map(
      (b) => b.size,
    );
    expect(sizes).toEqual([4, 4, 4, 4]);
    expect(stepsPerEpoch({ count: N, batchSize: 4, dropLast: true })).toBe(2);
    expect(stepsPerEpoch({ count: N, batchSize: 4 })).toBe(3);
  });

  it('the order depends on seed and epoch only', () => {
    const order = (seed: number, epochs: number) =>
      [...batches({ values, dataSize: D, batchSize: N, seed, epochs })].map((b) => [...b.indices]);
    const [e0, e1] = order(7, 2);
    expect(order(7, 2)).toEqual([e0, e1]);
    expect(e1).not.toEqual(e0);
    expect(order(8, 1)[0]).not.toEqual(e0);
  });

  it('resumes exactly from a stored position, across an epoch boundary', () => {
    const options = { values, dataSize: D, batchSize: 4, seed: 3 };
    const full = take(batches(options), 8);
    const stop = full[4] as Batch; // epoch 1, step 1
    expect(stop.position).toEqual({ epoch: 1, step: 1 });
    expect(full[2]?.next).toEqual({ epoch: 1, step: 0 });
    const resumed = take(batches({ ...options, start: stop.next }), 3);
    expect(resumed.map((b) => [b.position, [...b.indices], [...b.values]])).toEqual(
      full.slice(5).map((b) => [b.position, [...b.indices], [...b.values]]),
    );
  });

  it('rejects inconsistent options with the offending value', () => {
    expect(() => batches({ values, dataSize: 4, batchSize: 2, seed: 0 }).next()).toThrow(
      /30 entries.*dataSize 4/,
    );
    expect(() => batches({ values, dataSize: D, batchSize: 0, seed: 0 }).next()).toThrow(/got 0/);
    expect(() => batches({ values, dataSize: D, batchSize: 11, seed: 0, dropLast: true }).next()).toThrow(
      /no full batch of 11/,
    );
    expect(() =>
      batches({ values, dataSize: D, batchSize: 4, seed: 0, start: { epoch: 0, step: 3 } }).next(),
    ).toThrow(/outside/);
  });
});
