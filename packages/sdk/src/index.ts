/**
 * @ellipse/sdk: sample, decode, interpolate and encode with Ellipse VAEs exported to ONNX, on
 * onnxruntime-web (WebGPU, falling back to WASM, always reported) in browsers and in Node.
 */
export type { ModelMetadata } from '@ellipse/format';
export { FORMAT_VERSION, ModelFormatError } from '@ellipse/format';
export type { BackendName, BackendPlan, BackendRequest, Candidate, Capabilities } from './backend.ts';
export { planBackends } from './backend.ts';
export { detectCapabilities } from './capabilities.ts';
export { BackendUnavailableError, SdkError, SizeLimitError } from './errors.ts';
export type { ImageShape, RgbaOptions } from './image.ts';
export { toImageData, toRgba } from './image.ts';
export type { GridOptions, InterpolationMethod } from './latent.ts';
export { gridLatents, interpolateLatents } from './latent.ts';
export { MAX_CALL_VALUES, maxRows } from './limits.ts';
export type { Matrix, MatrixInput } from './matrix.ts';
export type {
  Decoded,
  Encoded,
  EncodedSamples,
  EncodeSamplesOptions,
  LoadModelOptions,
  Sampled,
  SampleOptions,
  VaeModel,
} from './model.ts';
export { loadModel } from './model.ts';
export type { BackendAttempt, BackendReport, ModelInfo } from './model-info.ts';
export type { WasmPaths } from './ort-loader.ts';
export { normalDraws } from './random.ts';
export type { ModelSource } from './source.ts';
