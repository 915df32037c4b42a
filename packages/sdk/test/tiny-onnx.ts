// Hand-built ONNX fixtures for the SDK's own tests: a one-layer decoder x = sigmoid(z W + b) and
// files that are wrong on purpose (no metadata, a newer format, other tensor names). The real
// models under test come from the trainer's exporter (see trained-models.ts).
import { encodeMetadata, FORMAT_VERSION, type ModelMetadata } from '@ellipse/format';
import protobuf from 'onnx-proto';

const { onnx } = protobuf;

export interface TinyDecoderOptions {
  readonly latentSize: number;
  readonly dataSize: number;
  /** Row-major [latentSize, dataSize]. */
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  /** null writes no metadata at all; a partial record overrides fields of the default one. */
  readonly metadata?: Partial<ModelMetadata> | null;
  readonly inputName?: string;
  readonly outputName?: string;
}

export function tinyMetadata(latentSize: number, dataSize: number): ModelMetadata {
  return {
    formatVersion: FORMAT_VERSION,
    role: 'decoder',
    latentSize,
    imageShape: null,
    dataSize,
    likelihood: 'bernoulli',
    dataset: 'tiny',
    preset: 'tiny',
    objective: 'vae',
    metrics: {},
    producer: 'sdk tests',
  };
}

const tensorType = (name: string, columns: number) => ({
  name,
  type: {
    tensorType: {
      elemType: onnx.TensorProto.DataType.FLOAT,
      shape: { dim: [{ dimParam: 'N' }, { dimValue: columns }] },
    },
  },
});

/** x [N, D] = sigmoid(z [N, K] W [K, D] + b [D]) as an ONNX file. */
export function tinyDecoderOnnx(options: TinyDecoderOptions): Uint8Array {
  const { latentSize: k, dataSize: d, inputName = 'z', outputName = 'x' } = options;
  const metadata =
    options.metadata === null ? {} : encodeMetadata({ ...tinyMetadata(k, d), ...options.metadata });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'sdk-tests',
    opsetImport: [{ domain: '', version: 17 }],
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'tiny-decoder',
      initializer: [
        {
          name: 'W',
          dims: [k, d],
          dataType: onnx.TensorProto.DataType.FLOAT,
          floatData: [...options.weight],
        },
        { name: 'b', dims: [d], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [...options.bias] },
      ],
      node: [
        { opType: 'MatMul', input: [inputName, 'W'], output: ['zw'] },
        { opType: 'Add', input: ['zw', 'b'], output: ['logits'] },
        { opType: 'Sigmoid', input: ['logits'], output: [outputName] },
      ],
      input: [tensorType(inputName, k)],
      output: [tensorType(outputName, d)],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
