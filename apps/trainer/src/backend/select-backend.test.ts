import { describe, expect, it } from 'vitest';
import { BackendError } from './backend-error.ts';
import {
  AUTO_CANDIDATES,
  BACKEND_NAMES,
  type Capabilities,
  parseBackendRequest,
  selectBackend,
} from './select-backend.ts';
import { type AdapterDescription, formatAdapter, isSoftwareAdapter } from './software-adapter.ts';

const lavapipe: AdapterDescription = {
  api: 'Vulkan',
  featureLevel: 'core',
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
  isFallbackAdapter: true,
  software: true,
};
const llvmpipeGles: AdapterDescription = {
  api: 'OpenGL ES',
  featureLevel: 'compatibility',
  vendor: '',
  architecture: '',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6',
  isFallbackAdapter: false, // what Dawn really reports for llvmpipe on OpenGL ES
  software: true,
};
const nvidia: AdapterDescription = {
  api: 'Vulkan',
  featureLevel: 'core',
  vendor: 'nvidia',
  architecture: 'ada',
  device: 'NVIDIA GeForce RTX 4090',
  description: 'NVIDIA 550.54.14',
  isFallbackAdapter: false,
  software: false,
};

const nothing: Capabilities = {
  tensorflowGpu: { loads: false, gpu: false, why: '@tensorflow/tfjs-node-gpu is not installed' },
  tensorflow: { loads: false, why: '@tensorflow/tfjs-node is not installed' },
  webgpu: { adapter: null, why: 'Dawn found no WebGPU adapter' },
  wasm: { loads: false, why: 'this runtime has no WebAssembly' },
  onnxruntime: { loads: false, why: 'onnxruntime-node is not installed' },
  onnxruntimeCuda: { loads: false, why: 'onnxruntime-node is not installed' },
  onnxStep: { supported: true, why: 'reparameterised bernoulli likelihood, KL regulariser' },
};
const caps = (overrides: Partial<Capabilities>): Capabilities => ({ ...nothing, ...overrides });
const names = (tried: { name: string }[]) => tried.map((c) => c.name);

describe('selectBackend auto', () => {
  it('takes tfjs-node-gpu when it loads and sees a GPU, before everything else', () => {
    const s = selectBackend(
      'auto',
      caps({
        tensorflowGpu: { loads: true, gpu: true, why: 'isUsingGpuDevice: true' },
        webgpu: { adapter: nvidia, why: '' },
        wasm: { loads: true, why: '' },
      }),
    );
    expect(s.name).toBe('tensorflow-gpu');
    expect(s.candidatesTried).toEqual([
      { name: 'onnxruntime-cuda', ok: false, why: 'onnxruntime-node is not installed' },
      { name: 'tensorflow-gpu', ok: true, why: expect.stringContaining('GPU') },
    ]);
  });

  it('skips tfjs-node-gpu that loads without a GPU, saying it would silently run on the CPU', () => {
    const s = selectBackend(
      'auto',
      caps({
        tensorflowGpu: { loads: true, gpu: false, why: 'isUsingGpuDevice: false' },
        webgpu: { adapter: nvidia, why: '' },
      }),
    );
    expect(s.name).toBe('webgpu');
    expect(s.candidatesTried[1]).toMatchObject({ name: 'tensorflow-gpu', ok: false });
    expect(s.candidatesTried[1]!.why).toMatch(/no CUDA GPU.*silently run on the CPU/);
    expect(s.reason).toMatch(/^auto chose webgpu: .*NVIDIA.*skipped .*tensorflow-gpu/);
  });

  it('takes WebGPU on a hardware adapter', () => {
    const s = selectBackend(
      'auto',
      caps({ webgpu: { adapter: nvidia, why: '' }, wasm: { loads: true, why: '' } }),
    );
    expect(s.name).toBe('webgpu');
    expect(names(s.candidatesTried)).toEqual(['onnxruntime-cuda', 'tensorflow-gpu', 'onnxruntime', 'webgpu']);
  });

  it.each([
    ['lavapipe on Vulkan', lavapipe],
    ['llvmpipe on OpenGL ES', llvmpipeGles],
  ])('passes over a software adapter (%s) to wasm', (_label, adapter) => {
    const s = selectBackend('auto', caps({ webgpu: { adapter, why: '' }, wasm: { loads: true, why: '' } }));
    expect(s.name).toBe('wasm');
    expect(s.candidatesTried.map((c) => [c.name, c.ok])).toEqual([
      ['onnxruntime-cuda', false],
      ['tensorflow-gpu', false],
      ['onnxruntime', false],
      ['webgpu', false],
      ['wasm', true],
    ]);
    expect(s.candidatesTried[3]!.why).toMatch(/software adapter.*--backend webgpu/);
    expect(s.reason).toMatch(/single-threaded in Node/);
  });

  it('falls back to cpu when nothing else is usable, and lists every candidate in priority order', () => {
    const s = selectBackend('auto', nothing);
    expect(s.name).toBe('cpu');
    expect(names(s.candidatesTried)).toEqual([...AUTO_CANDIDATES]);
    expect(s.candidatesTried.map((c) => c.ok)).toEqual([false, false, false, false, false, true]);
  });

  it('treats capabilities that were not probed as unavailable', () => {
    const s = selectBackend('auto', {});
    expect(s.name).toBe('cpu');
    expect(s.candidatesTried[0]!.why).toBe('not probed');
  });

  it('never picks tfjs-node (CPU) in auto: only the GPU package is an auto candidate', () => {
    const s = selectBackend(
      'auto',
      caps({ tensorflow: { loads: true, why: '' }, wasm: { loads: true, why: '' } }),
    );
    expect(s.name).toBe('wasm');
  });
});

describe('selectBackend and the ONNX Runtime backends', () => {
  const ortCpu = { loads: true, why: 'onnxruntime-node 1.30.0, cpu execution provider' };
  const uncovered = { supported: false, why: "the 'score' estimator (only 'reparam' is generated)" };

  it('auto takes onnxruntime on the CPU before a hardware WebGPU adapter, saying it runs the whole step', () => {
    const s = selectBackend('auto', caps({ onnxruntime: ortCpu, webgpu: { adapter: nvidia, why: '' } }));
    expect(s.name).toBe('onnxruntime');
    expect(s.reason).toMatch(/^auto chose onnxruntime: the whole training step as one ONNX graph on the CPU/);
    expect(s.reason).toMatch(/skipped onnxruntime-cuda .*; tensorflow-gpu/);
  });

  it('auto takes onnxruntime-cuda first when its CUDA execution provider runs', () => {
    const cuda = { loads: true, why: 'onnxruntime-node 1.30.0, cuda execution provider' };
    const s = selectBackend('auto', caps({ onnxruntimeCuda: cuda, onnxruntime: ortCpu }));
    expect(s.name).toBe('onnxruntime-cuda');
    expect(s.reason).toMatch(/on a CUDA GPU/);
  });

  it('auto passes over onnxruntime for an objective the step does not cover, naming it', () => {
    const s = selectBackend(
      'auto',
      caps({ onnxruntime: ortCpu, onnxStep: uncovered, wasm: { loads: true, why: '' } }),
    );
    expect(s.name).toBe('wasm');
    expect(s.reason).toMatch(
      /skipped .*onnxruntime \(the ONNX step does not cover this run: the 'score' estimator/,
    );
  });

  it('an explicit onnxruntime with an uncovered objective falls back to tfjs and says why', () => {
    const s = selectBackend(
      'onnxruntime',
      caps({ onnxruntime: ortCpu, onnxStep: uncovered, wasm: { loads: true, why: '' } }),
    );
    expect(s.name).toBe('wasm');
    expect(s.reason).toMatch(
      /^asked for onnxruntime, but the ONNX step does not cover this run: the 'score' estimator.*falling back to tfjs: auto chose wasm/,
    );
  });

  it('an explicit onnxruntime-cuda without its CUDA files throws with the way to get them', () => {
    const error = catchError(() => selectBackend('onnxruntime-cuda', caps({ onnxruntime: ortCpu })));
    expect(error).toBeInstanceOf(BackendError);
    expect(error.message).toMatch(/--backend onnxruntime-cuda cannot initialise: .*CUDA 12.*README/);
  });

  it('outside a training run (no onnxStep given) the ONNX backends are never chosen by auto', () => {
    const { onnxStep: _, ...notTraining } = caps({ onnxruntime: ortCpu, wasm: { loads: true, why: '' } });
    expect(selectBackend('auto', notTraining).name).toBe('wasm');
  });
});

describe('selectBackend explicit', () => {
  it('accepts a software adapter when webgpu is asked for by name', () => {
    const s = selectBackend('webgpu', caps({ webgpu: { adapter: lavapipe, why: '' } }));
    expect(s).toMatchObject({ name: 'webgpu', candidatesTried: [{ name: 'webgpu', ok: true }] });
    expect(s.reason).toMatch(/^asked for webgpu: .*llvmpipe.*Vulkan.*software/);
  });

  it('throws a BackendError with the fix when webgpu has no adapter', () => {
    expect(() => selectBackend('webgpu', nothing)).toThrow(BackendError);
    expect(() => selectBackend('webgpu', nothing)).toThrow(/install-gpu-software\.sh/);
  });

  it('says how to install tfjs-node-gpu when it is missing', () => {
    const error = catchError(() => selectBackend('tensorflow-gpu', nothing));
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).value).toBe('tensorflow-gpu');
    expect(error.message).toContain('pnpm --filter trainer add @tensorflow/tfjs-node-gpu');
    expect(error.message).toContain('CUDA 11.2');
    expect(error.message).toContain('cuDNN 8.1');
  });

  it('refuses tfjs-node-gpu without a GPU rather than run silently on the CPU', () => {
    const c = caps({ tensorflowGpu: { loads: true, gpu: false, why: 'isUsingGpuDevice: false' } });
    expect(() => selectBackend('tensorflow-gpu', c)).toThrow(/sees no CUDA GPU.*nvidia-smi/);
  });

  it('says how to install tfjs-node when it is missing', () => {
    expect(() => selectBackend('tensorflow', nothing)).toThrow(
      /pnpm --filter trainer add @tensorflow\/tfjs-node\b/,
    );
  });

  it('takes tfjs-node, wasm and cpu when they load', () => {
    expect(selectBackend('tensorflow', caps({ tensorflow: { loads: true, why: '' } })).name).toBe(
      'tensorflow',
    );
    expect(selectBackend('wasm', caps({ wasm: { loads: true, why: '' } })).name).toBe('wasm');
    expect(selectBackend('cpu', nothing).name).toBe('cpu');
  });

  it('throws for wasm that does not load', () => {
    expect(() => selectBackend('wasm', nothing)).toThrow(
      /--backend wasm cannot initialise: this runtime has no WebAssembly/,
    );
  });
});

describe('parseBackendRequest', () => {
  it('accepts every known name', () => {
    for (const name of ['auto', ...BACKEND_NAMES]) {
      expect(parseBackendRequest(name)).toBe(name);
    }
  });

  it.each(['gpu', 'WebGPU', '', 'webgl'])(
    'rejects %j with the offending value and the valid names',
    (value) => {
      const error = catchError(() => parseBackendRequest(value));
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).value).toBe(value);
      expect(error.message).toContain(`'${value}'`);
      expect(error.message).toContain(
        'auto, onnxruntime-cuda, tensorflow-gpu, onnxruntime, tensorflow, webgpu, wasm, cpu',
      );
    },
  );

  it('is applied by selectBackend too', () => {
    expect(() => selectBackend('cuda' as never, nothing)).toThrow(/unknown backend 'cuda'/);
  });
});

describe('isSoftwareAdapter', () => {
  const base = { vendor: '', architecture: '', device: '', description: '', isFallbackAdapter: false };
  it('trusts Dawn when it says fallback', () => {
    expect(isSoftwareAdapter({ ...base, isFallbackAdapter: true })).toBe(true);
  });
  it.each([
    ['llvmpipe on OpenGL ES, which Dawn does not flag', { device: 'llvmpipe-llvm-15-0-6-256-bits-' }],
    ['lavapipe', { description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)' }],
    ['SwiftShader', { vendor: 'google', device: 'SwiftShader Device (Subzero)' }],
    ['architecture software', { architecture: 'software' }],
    ['Microsoft Basic Render Driver', { description: 'Microsoft Basic Render Driver' }],
  ])('recognises %s', (_label, fields) => {
    expect(isSoftwareAdapter({ ...base, ...fields })).toBe(true);
  });
  it.each([
    ['NVIDIA', { vendor: 'nvidia', device: 'NVIDIA GeForce RTX 4090' }],
    ['AMD', { vendor: 'amd', architecture: 'rdna-3', device: 'AMD Radeon RX 7900 XTX (RADV NAVI31)' }],
    ['Intel', { vendor: 'intel', architecture: 'gen-12lp', device: 'Intel(R) UHD Graphics 770 (ADL-S GT1)' }],
  ])('takes %s for hardware', (_label, fields) => {
    expect(isSoftwareAdapter({ ...base, ...fields })).toBe(false);
  });
});

describe('formatAdapter', () => {
  it('names the device when the description does not', () => {
    expect(formatAdapter(llvmpipeGles)).toBe(
      'llvmpipe-llvm-15-0-6-256-bits- (OpenGL version OpenGL ES 3.2 Mesa 22.3.6) via OpenGL ES, compatibility mode, software',
    );
    expect(formatAdapter(lavapipe)).toBe(
      'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1 via Vulkan, software',
    );
  });
});

function catchError(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
