import { type ModelMetadata, type ModelRole, TENSOR_NAMES } from '@ellipse/format';
import { type BackendRequest, planBackends } from './backend.ts';
import { detectCapabilities } from './capabilities.ts';
import { type EncoderSession, openEncoder } from './encoder-session.ts';
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
  /**
   * The encoder exported with the decoder: a Gaussian encoder (role 'encoder', enables `encode` and
   * `encodeSamples`) or an AVB implicit encoder (role 'implicit-encoder', enables `encodeSamples`).
   */
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

/** n draws z ~ q(z|x) of one input x. */
export interface EncodedSamples {
  readonly z: Matrix; // [n, K]
  /** The seed of the noise (the given one, or a fresh one): pass it again to get the same samples. */
  readonly seed: number;
}

export interface EncodeSamplesOptions {
  /** Any 32-bit integer; same seed, same z on every backend and run. Default: a fresh random seed. */
  readonly seed?: number;
}

export interface SampleOptions extends EncodeSamplesOptions {
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
  /** mu and sigma of q(z|x) for rows x [N, D]; needs a Gaussian `encoder` at load. */
  encode(x: MatrixInput): Promise<Encoded>;
  /**
   * n seeded draws z ~ q(z|x) of ONE input x [D]: z = f(x, eps) through an implicit encoder (AVB), or
   * z = mu + sigma * eps through a Gaussian one; eps ~ N(0, I) from the SDK's seeded generator.
   */
  encodeSamples(x: MatrixInput, n: number, options?: EncodeSamplesOptions): Promise<EncodedSamples>;
  /** Releases the sessions after the queued calls finish; later calls throw SdkError. */
  dispose(): Promise<void>;
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed)) throw new SdkError(`seed must be an integer, got ${String(seed)}`, seed);
}

interface Loaded {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly metadata: ModelMetadata;
}

async function loadChecked(source: ModelSource, roles: readonly ModelRole[]): Promise<Loaded> {
  const { bytes, name } = await loadBytes(source);
  return { bytes, name, metadata: readModelMetadata(bytes, name, roles) };
}

/** Loads an exported decoder (and optionally its encoder) and opens an onnxruntime-web session. */
export async function loadModel(source: ModelSource, options: LoadModelOptions = {}): Promise<VaeModel> {
  const { backend = 'auto', chunkSize = 256 } = options;
  if (backend !== 'auto' && backend !== 'webgpu' && backend !== 'wasm') {
    throw new SdkError(`backend must be 'auto', 'webgpu' or 'wasm', got ${String(backend)}`, backend);
  }
  assertPositiveInteger(chunkSize, 'chunkSize');
  if (options.numThreads !== undefined) assertPositiveInteger(options.numThreads, 'numThreads');
  const decoder = await loadChecked(source, ['decoder']);
  const encoder =
    options.encoder === undefined
      ? null
      : await loadChecked(options.encoder, ['encoder', 'implicit-encoder']);
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
      : await openEncoder(opened.runtime, encoder.bytes, encoder.metadata.role, encoder.name).catch(
          async (error: unknown) => {
            await opened.runtime.queue.run(() => opened.session.release());
            throw error;
          },
        );
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

function createModel(
  info: ModelInfo,
  runtime: Runtime,
  decoderSession: Session,
  encoder: EncoderSession | null,
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

  /**
   * Runs `session` on row chunks of its inputs (each input by graph name, all with the same rows), one
   * queued run per chunk; returns each output [N, width].
   */
  async function runChunked(
    session: Session,
    inputs: Readonly<Record<string, Matrix>>,
    /** minusInfinity: the output may hold -Infinity (an autoencoder's logvar = log 0, see @ellipse/format). */
    outputs: readonly { readonly name: string; readonly width: number; readonly minusInfinity?: boolean }[],
  ): Promise<Float32Array[]> {
    const total = (Object.values(inputs)[0] as Matrix).rows;
    const results = outputs.map(({ width }) => new Float32Array(total * width));
    const pending: Promise<void>[] = [];
    for (let start = 0; start < total; start += chunkSize) {
      const rows = Math.min(chunkSize, total - start);
      pending.push(
        queue.run(async () => {
          live();
          const feeds = Object.fromEntries(
            Object.entries(inputs).map(([name, input]) => {
              const data = input.data.subarray(start * input.columns, (start + rows) * input.columns);
              return [name, new runtime.ort.Tensor('float32', data, [rows, input.columns])];
            }),
          );
          const out = await session.run(feeds);
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
    const [x] = await runChunked(decoderSession, { [TENSOR_NAMES.decoder.input]: z }, [
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

  /** mu, sigma [N, K] of q(z|x) = N(mu, diag sigma^2) for rows x [N, D] through a Gaussian encoder. */
  const encodeGaussian = async (session: Session, input: Matrix): Promise<Encoded> => {
    const names = TENSOR_NAMES.encoder;
    const [mu, logVar] = await runChunked(session, { [names.input]: input }, [
      { name: names.mu, width: k },
      // An autoencoder's encoder (objective 'ae') outputs a point: logvar = log 0 = -Infinity, sigma = 0.
      { name: names.logVar, width: k, minusInfinity: info.encoderMetadata?.objective === 'ae' },
    ]);
    const sigma = (logVar as Float32Array).map((lv) => Math.exp(lv / 2)); // sigma = exp(log sigma^2 / 2)
    return {
      mu: { data: mu as Float32Array, rows: input.rows, columns: k },
      sigma: { data: sigma, rows: input.rows, columns: k },
    };
  };

  return {
    info,
    async sample(n, options = {}) {
      live();
      assertPositiveInteger(n, 'n');
      checkRows(n, rowWidth, `n = ${n}`, n);
      const { seed = freshSeed(), temperature = 1 } = options;
      checkSeed(seed);
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
      if (encoder === null) {
        throw new SdkError('encode needs an encoder: pass loadModel(decoder, { encoder: ... })', undefined);
      }
      if (encoder.kind === 'implicit') {
        throw new SdkError(
          'encode needs a Gaussian encoder, but this one is implicit (AVB, z = f(x, eps)): q(z|x) has no ' +
            'mu and sigma; draw its samples with encodeSamples(x, n, { seed })',
          undefined,
        );
      }
      const input = toMatrix(x, d, 'x');
      checkRows(input.rows, rowWidth, `x of ${input.rows} rows`, input.rows);
      return encodeGaussian(encoder.session, input);
    },
    async encodeSamples(x, n, options = {}) {
      live();
      if (encoder === null) {
        throw new SdkError(
          'encodeSamples needs an encoder: pass loadModel(decoder, { encoder: ... })',
          undefined,
        );
      }
      const input = toMatrix(x, d, 'x');
      if (input.rows !== 1) {
        throw new SdkError(`x must be one input of ${d} values, got ${input.rows} rows`, x);
      }
      assertPositiveInteger(n, 'n');
      const { seed = freshSeed() } = options;
      checkSeed(seed);
      if (encoder.kind === 'gaussian') {
        checkRows(n, rowWidth, `n = ${n}`, n);
        const { mu, sigma } = await encodeGaussian(encoder.session, input);
        const z = normalDraws(seed, n * k); // [n, K]: eps ~ N(0, I), then z = mu + sigma * eps in place
        for (let i = 0; i < z.length; i += 1) {
          const j = i % k;
          z[i] = (mu.data[j] as number) + (sigma.data[j] as number) * (z[i] as number);
        }
        return { z: { data: z, rows: n, columns: k }, seed };
      }
      const e = encoder.epsSize;
      checkRows(n, Math.max(rowWidth, e), `n = ${n}`, n);
      const tiled = new Float32Array(n * d); // [n, D]: the input, once per sample
      for (let i = 0; i < n; i += 1) tiled.set(input.data, i * d);
      const eps = normalDraws(seed, n * e); // [n, E], eps ~ N(0, I)
      const names = TENSOR_NAMES.implicitEncoder;
      const [z] = await runChunked(
        encoder.session,
        {
          [names.input]: { data: tiled, rows: n, columns: d },
          [names.noise]: { data: eps, rows: n, columns: e },
        },
        [{ name: names.output, width: k }],
      );
      return { z: { data: z as Float32Array, rows: n, columns: k }, seed };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      // Queued behind this model's pending calls (and any other model's): released when they finish.
      await queue.run(async () => {
        await decoderSession.release();
        await encoder?.session.release();
      });
    },
  };
}
