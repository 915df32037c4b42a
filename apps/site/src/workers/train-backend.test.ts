import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, chooseBackend } from './train-backend.ts';
import type { TrainBackend } from './train-protocol.ts';

/** The starter of a test environment that only has tfjs's CPU backend (the real one, set for real). */
const cpuOnly = async (backend: TrainBackend): Promise<string | null> => {
  if (backend !== 'cpu') return `${backend} is not installed in this test`;
  return (await tf.setBackend('cpu')) ? null : 'tf.setBackend failed';
};

describe('chooseBackend', () => {
  it("'auto' takes the first that starts and names every one passed over, with why", async () => {
    const choice = await chooseBackend('auto', cpuOnly);
    expect(choice.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.why).toBe(
      'not webgpu: webgpu is not installed in this test; not webgl: webgl is not installed in this test; ' +
        'not wasm: wasm is not installed in this test',
    );
  });

  it('a requested backend runs or fails with a named error, never falling back', async () => {
    expect(await chooseBackend('cpu', cpuOnly)).toEqual({
      backend: 'cpu',
      why: 'requested in the URL (train.backend=cpu)',
    });
    await expect(chooseBackend('webgpu', cpuOnly)).rejects.toThrow(BackendUnavailableError);
    await expect(chooseBackend('wasm', cpuOnly)).rejects.toThrow(
      /train\.backend=wasm.*cannot start here: wasm is not installed/,
    );
    // Another figure's URL key (the MNIST figure's) is the one named.
    expect((await chooseBackend('cpu', cpuOnly, 'mnist.backend')).why).toBe(
      'requested in the URL (mnist.backend=cpu)',
    );
    await expect(chooseBackend('wasm', cpuOnly, 'mnist.backend')).rejects.toThrow(
      'Remove mnist.backend from the URL to let the page choose.',
    );
  });

  it("accepts a software GPU renderer when asked for by name, not in 'auto'", async () => {
    const asked: [TrainBackend, boolean][] = [];
    const start = async (backend: TrainBackend, { acceptSoftware }: { acceptSoftware: boolean }) => {
      asked.push([backend, acceptSoftware]);
      return backend === 'cpu' || acceptSoftware ? cpuOnly('cpu') : 'software renderer';
    };
    expect((await chooseBackend('webgpu', start)).backend).toBe('webgpu');
    expect((await chooseBackend('auto', start)).backend).toBe('cpu');
    expect(asked).toEqual([
      ['webgpu', true],
      ['webgpu', false],
      ['webgl', false],
      ['wasm', false],
      ['cpu', false],
    ]);
  });
});
