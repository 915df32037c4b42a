import { describe, expect, it } from 'vitest';
import { latestOnly } from './latest-only.ts';

describe('latestOnly', () => {
  it('runs the first request, skips the superseded ones, and ends on the last', async () => {
    const ran: number[] = [];
    let release: () => void = () => {};
    const runner = latestOnly<number>(
      (value) =>
        new Promise<void>((resolve) => {
          ran.push(value);
          release = resolve;
        }),
      (error) => {
        throw error;
      },
    );
    runner.request(1);
    runner.request(2);
    runner.request(3);
    runner.request(4);
    expect(ran).toEqual([1]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ran).toEqual([1, 4]);
    release();
    await runner.idle();
    expect(ran).toEqual([1, 4]);
  });

  it('reports a failed run and carries on with the next request', async () => {
    const errors: unknown[] = [];
    const ran: number[] = [];
    const runner = latestOnly<number>(
      async (value) => {
        ran.push(value);
        if (value === 1) throw new Error('decoder failed');
      },
      (error) => errors.push(error),
    );
    runner.request(1);
    await runner.idle();
    runner.request(2);
    await runner.idle();
    expect(ran).toEqual([1, 2]);
    expect((errors[0] as Error).message).toBe('decoder failed');
  });
});
