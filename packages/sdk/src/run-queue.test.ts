import { describe, expect, it } from 'vitest';
import { createRunQueue } from './run-queue.ts';

describe('createRunQueue', () => {
  it('never runs two tasks at once, keeps call order, and survives a failed task', async () => {
    const queue = createRunQueue();
    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    const task =
      (i: number, fail = false) =>
      async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, 5 - i));
        running -= 1;
        order.push(i);
        if (fail) throw new Error(`task ${i}`);
        return i;
      };
    const results = await Promise.allSettled([0, 1, 2, 3].map((i) => queue.run(task(i, i === 1))));
    expect(maxRunning).toBe(1);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });
});
