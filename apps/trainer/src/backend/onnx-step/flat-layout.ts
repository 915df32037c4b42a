/**
 * Every trainable weight of a VAE laid end to end in one float32 buffer (the ONNX step's parameters,
 * and its Adam moments m and v, are each one such buffer), and the conversions to and from core's
 * named weights and Adam state, so checkpoints, evaluation and export stay as they are.
 */
import type { AdamState, NamedWeights, VaeConfig, WeightValue } from '@ellipse/core';
import { architecture, ShapeError } from '@ellipse/core';

export interface FlatEntry {
  /** Core's weight name, e.g. 'encoder/hidden0/kernel'. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
}

export interface FlatLayout {
  readonly entries: readonly FlatEntry[];
  /** P: total number of parameters. */
  readonly size: number;
}

/** The layout of a config's weights, in core's order (encoder, heads, decoder, decoder log-variance). */
export function flatLayout(config: VaeConfig): FlatLayout {
  const arch = architecture(config);
  const shapes: [string, number[]][] = [];
  for (const spec of [...arch.encoderHidden, arch.encoderMu, arch.encoderLogVar, ...arch.decoder]) {
    shapes.push([`${spec.name}/kernel`, [spec.inputSize, spec.outputSize]]);
    shapes.push([`${spec.name}/bias`, [spec.outputSize]]);
  }
  if (arch.decoderLogVarName !== null) shapes.push([arch.decoderLogVarName, [config.inputSize]]);
  let offset = 0;
  const entries = shapes.map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const entry = { name, shape, offset, size };
    offset += size;
    return entry;
  });
  return { entries, size: offset };
}

/**
 * Packs named tensors into one buffer [P]. A missing name throws ShapeError, unless `missingAsZeros`
 * (a fresh Adam has no moments yet); a wrong shape always throws.
 */
export function packFlat(
  layout: FlatLayout,
  tensors: NamedWeights,
  { suffix = '', missingAsZeros = false } = {},
): Float32Array {
  const flat = new Float32Array(layout.size);
  for (const { name, shape, offset, size } of layout.entries) {
    const tensor = tensors[name + suffix];
    if (tensor === undefined) {
      if (missingAsZeros) continue;
      throw new ShapeError(`weight '${name + suffix}' is missing: expected every weight of the model`);
    }
    if (tensor.shape.join() !== shape.join() || tensor.values.length !== size) {
      throw new ShapeError(
        `weight '${name + suffix}' has shape [${tensor.shape.join(', ')}]: expected [${shape.join(', ')}]`,
      );
    }
    flat.set(tensor.values, offset);
  }
  return flat;
}

/** Splits a buffer [P] into named tensors (copies), names suffixed with `suffix`. */
export function unpackFlat(layout: FlatLayout, flat: Float32Array, suffix = ''): Record<string, WeightValue> {
  return Object.fromEntries(
    layout.entries.map(({ name, shape, offset, size }) => [
      name + suffix,
      { shape, values: flat.slice(offset, offset + size) },
    ]),
  );
}

/** Core's Adam state from flat moments: '<name>/m' and '<name>/v' for every weight, and the step count. */
export function adamStateOf(layout: FlatLayout, m: Float32Array, v: Float32Array, step: number): AdamState {
  return { step, moments: { ...unpackFlat(layout, m, '/m'), ...unpackFlat(layout, v, '/v') } };
}
