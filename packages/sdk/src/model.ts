import { type ModelMetadata, TENSOR_NAMES } from '@ellipse/format';
import { type BackendRequest, planBackends } from './backend.ts';
import { detectCapabilities } from './capabilities.ts';
import { SdkError } from './errors.ts';
import { type GridOptions, gridLatents, type InterpolationMethod, interpolateLatents } from './latent.ts';
import { checkRows } from './limits.ts';
import { assertPositiveInteger, type Matrix, type MatrixInput, toMatrix } from './matrix.ts';
import { checkPair, type ModelInfo, readModelMetadata } from './model-info.ts';
import type { WasmPaths } from './ort-loader.ts';
import { freshSeed, normalDraws } from './random.ts';
import { openFirstSession, openSession, type Runtime, type Session } from './session.ts';
import { loadBytes, type ModelSource } from './source.ts';

export interface LoadModelOptions {
  /** 'auto' (default) tries WebGPU, then WASM; a named backend is used or fails with the reason. */
  readonly backend?: BackendRequest;
  /** Where onnxruntime-web's .wasm/.mjs files are served (a folder URL or file URLs); see README. */
  readonly wasmPaths?: WasmPaths;
  /** WASM threads; default min(4, cores) in a cross-origin isolated page, else 1 (reported). */
  readonly numThreads?: number;
  /** An encoder exported with the decoder, to enable `encode`. */
  readonly encoder?: ModelSource;
  /** Rows per session run; larger batches are split. Default 256. */
  readonly chunkSize?: number;
}

/** Latent rows z and what the decoder made of them, x = E[p(x|z)]. */
export interface Decoded {
  readonly z: Matrix; // [N, K]
  readonly x: Matrix; // [N, D]
}

export interface Sampled extends Decoded {
  /** The seed used (the given one, or a fresh one): pass it again to get the same samples. */
  readonly seed: number;
}

/** q(z|x) = N(mu, diag sigma^2). */
export interface Encoded {
  readonly mu: Matrix; // [N, K]
  readonly sigma: Matrix; // [N, K]
}

export interface SampleOptions {
  /** Any 32-bit integer; same seed, same z on every backend and run. Default: a fresh random seed. */
  readonly seed?: number;
  /** z = temperature * eps, eps ~ N(0, I). Default 1. */
  readonly temperature?: number;
}

export interface VaeModel {
  readonly info: ModelInfo;
  /** n draws z ~ N(0, temperature^2 I), decoded. */
  sample(n: number, options?: SampleOptions): Promise<Sampled>;
  /** Decodes latent rows z [N, K] (rows, or flat row-major values) to x [N, D]. */
  decode(z: MatrixInput): Promise<Matrix>;
  /** Decodes `steps` points from a to b (ends included). */
  interpolate(
    a: MatrixInput,
    b: MatrixInput,
    steps: number,
    options?: { readonly method?: InterpolationMethod },
  ): Promise<Decoded>;
  /** Decodes a latent traversal (see GridOptions); rows in row-major grid order. */
  grid(options?: GridOptions): Promise<Decoded>;
  /** mu and sigma of q(z|x) for rows x [N, D]; needs `encoder` at load. */
  encode(x: MatrixInput): Promise<Encoded>;
  /** Releases the sessions after the queued calls finish; later calls throw SdkError. */
  dispose(): Promise<void>;
}

interface Loaded {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly metadata: ModelMetadata;
}

async function loadChecked(source: ModelSource, role: 'decoder' | 'encoder'): Promise<Loaded> {
  const { bytes, name } = await loadBytes(source);
  return { bytes, name, metadata: readModelMetadata(bytes, name, role) };
}

/** Loads an exported decoder (and optionally its encoder) and opens an onnxruntime-web session. */
export async function loadModel(source: ModelSource, options: LoadModelOptions = {}): Promise<VaeModel> {
  const { backend = 'auto', chunkSize = 256 } = options;
  if (backend !== 'auto' && backend !== 'webgpu' && backend !== 'wasm') {
    throw new SdkError(`backend must be 'auto', 'webgpu' or 'wasm', got ${String(backend)}`, backend);
  }
  assertPositiveInteger(chunkSize, 'chunkSize');
  if (options.numThreads !== undefined) assertPositiveInteger(options.numThreads, 'numThreads');
  const decoder = await loadChecked(source, 'decoder');
  const encoder = options.encoder === undefined ? null : await loadChecked(options.encoder, 'encoder');
  if (encoder !== null) checkPair(decoder.metadata, encoder.metadata);

  const plan = planBackends({ backend, numThreads: options.numThreads }, await detectCapabilities());
  const names = TENSOR_NAMES.decoder;
  const opened = await openFirstSession(
    plan,
    (runtime) =>
      openSession(runtime, decoder.bytes, { inputs: [names.input], outputs: [names.output] }, decoder.name),
    options.wasmPaths,
  );
  const encoderSession =
    encoder === null
      ? null
      : await openEncoder(opened.runtime, encoder).catch(async (error: unknown) => {
          await opened.runtime.queue.run(() => opened.session.release());
          throw error;
        });
  const meta = decoder.metadata;
  const info: ModelInfo = {
    latentSize: meta.latentSize,
    dataSize: meta.dataSize,
    imageShape: meta.imageShape,
    likelihood: meta.likelihood,
    formatVersion: meta.formatVersion,
    metadata: meta,
    encoderMetadata: encoder?.metadata ?? null,
    backend: opened.report,
  };
  return createModel(info, opened.runtime, opened.session, encoderSession, chunkSize);
}

function openEncoder(runtime: Runtime, encoder: Loaded): Promise<Session> {
  const names = TENSOR_NAMES.encoder;
  return openSession(
    runtime,
    encoder.bytes,
    { inputs: [names.input], outputs: [names.mu, names.logVar] },
    encoder.name,
  );
}

function createModel(
  info: ModelInfo,
  runtime: Runtime,
  decoderSession: Session,
  encoderSession: Session | null,
  chunkSize: number,
): VaeModel {
  // Every call of every model on this onnxruntime-web build waits its turn (see `ortQueue`).
  const { queue } = runtime;
  const { latentSize: k, dataSize: d } = info;
  /** Values per row that a call allocates: z [N, K] and x [N, D] (or mu, sigma [N, K]). */
  const rowWidth = Math.max(k, d);
  let disposed = false;
  const live = (): void => {
    if (disposed) throw new SdkError('the model was disposed: load it again to use it', undefined);
  };

  /** Runs `session` on row chunks of `input`, one queued run per chunk; returns each output [N, width]. */
  async function runChunked(
    session: Session,
    input: Matrix,
    inputName: string,
    /** minusInfinity: the output may hold -Infinity (an autoencoder's logvar = log 0, see @ellipse/format). */
    outputs: readonly { readonly name: string; readonly width: number; readonly minusInfinity?: boolean }[],
  ): Promise<Float32Array[]> {
    const results = outputs.map(({ width }) => new Float32Array(input.rows * width));
    const pending: Promise<void>[] = [];
    for (let start = 0; start < input.rows; start += chunkSize) {
      const rows = Math.min(chunkSize, input.rows - start);
      const data = input.data.subarray(start * input.columns, (start + rows) * input.columns);
      pending.push(
        queue.run(async () => {
          live();
          const feed = new runtime.ort.Tensor('float32', data, [rows, input.columns]);
          const out = await session.run({ [inputName]: feed });
          outputs.forEach(({ name, width, minusInfinity = false }, i) => {
            const tensor = out[name];
            const values = tensor?.data;
            if (!(values instanceof Float32Array) || values.length !== rows * width) {
              throw new SdkError(
                `the model's output '${name}' is not float32 [${rows}, ${width}]`,
                tensor?.dims,
              );
            }
            const bad = values.findIndex(
              (value) => !Number.isFinite(value) && !(minusInfinity && value === -Infinity),
            );
            if (bad >= 0) {
              throw new SdkError(
                `the model's output '${name}' holds ${values[bad]} at row ${start + Math.floor(bad / width)}, ` +
                  `column ${bad % width}: the model file may be damaged (its weights are not finite), or ` +
                  'the input is too extreme for it',
                values[bad],
              );
            }
            (results[i] as Float32Array).set(values, start * width);
            tensor?.dispose();
          });
        }),
      );
    }
    await Promise.all(pending);
    return results;
  }

  const decodeMatrix = async (z: Matrix): Promise<Decoded> => {
    const [x] = await runChunked(decoderSession, z, TENSOR_NAMES.decoder.input, [
      { name: TENSOR_NAMES.decoder.output, width: d },
    ]);
    return { z, x: { data: x as Float32Array, rows: z.rows, columns: d } };
  };
  const latent = (input: MatrixInput, what: string): Matrix => {
    live();
    return toMatrix(input, k, what);
  };
  const oneLatent = (input: MatrixInput, what: string): Float32Array => {
    const m = latent(input, what);
    if (m.rows !== 1)
      throw new SdkError(`${what} must be one latent point of ${k} values, got ${m.rows} rows`, input);
    return m.data;
  };

  return {
    info,
    async sample(n, options = {}) {
      live();
      assertPositiveInteger(n, 'n');
      checkRows(n, rowWidth, `n = ${n}`, n);
      const { seed = freshSeed(), temperature = 1 } = options;
      if (!Number.isInteger(seed)) throw new SdkError(`seed must be an integer, got ${String(seed)}`, seed);
      if (!(Number.isFinite(temperature) && temperature >= 0)) {
        throw new SdkError(
          `temperature must be a finite number >= 0, got ${String(temperature)}`,
          temperature,
        );
      }
      const z = normalDraws(seed, n * k); // [n, K], eps ~ N(0, I)
      if (temperature !== 1) for (let i = 0; i < z.length; i += 1) z[i] = (z[i] as number) * temperature;
      return { ...(await decodeMatrix({ data: z, rows: n, columns: k })), seed };
    },
    async decode(z) {
      const m = latent(z, 'z');
      checkRows(m.rows, rowWidth, `z of ${m.rows} rows`, m.rows);
      return (await decodeMatrix(m)).x;
    },
    async interpolate(a, b, steps, options = {}) {
      const path = interpolateLatents(
        oneLatent(a, 'a'),
        oneLatent(b, 'b'),
        steps,
        options.method ?? 'linear',
        rowWidth,
      );
      return decodeMatrix(path);
    },
    async grid(options = {}) {
      live();
      return decodeMatrix(gridLatents(k, options, rowWidth));
    },
    async encode(x) {
      live();
      if (encoderSession === null) {
        throw new SdkError('encode needs an encoder: pass loadModel(decoder, { encoder: ... })', undefined);
      }
      const names = TENSOR_NAMES.encoder;
      const input = toMatrix(x, d, 'x');
      checkRows(input.rows, rowWidth, `x of ${input.rows} rows`, input.rows);
      const [mu, logVar] = await runChunked(encoderSession, input, names.input, [
        { name: names.mu, width: k },
        // An autoencoder's encoder (objective 'ae') outputs a point: logvar = log 0 = -Infinity, sigma = 0.
        { name: names.logVar, width: k, minusInfinity: info.encoderMetadata?.objective === 'ae' },
      ]);
      const sigma = (logVar as Float32Array).map((lv) => Math.exp(lv / 2)); // sigma = exp(log sigma^2 / 2)
      return {
        mu: { data: mu as Float32Array, rows: input.rows, columns: k },
        sigma: { data: sigma, rows: input.rows, columns: k },
      };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      // Queued behind this model's pending calls (and any other model's): released when they finish.
      await queue.run(async () => {
        await decoderSession.release();
        await encoderSession?.release();
      });
    },
  };
}
