/**
 * Small builders over the ONNX protobuf schema of the `onnx-proto` package (onnx v1.10 .proto):
 * float32 initializers, nodes, graph inputs/outputs with a dynamic batch dimension, and the model.
 *
 * Versions: IR version 8 with default-domain opset 17 (both introduced by ONNX 1.12). Chosen because
 *  - onnxruntime-web 1.30 runs them: ONNX Runtime implements every opset from 7 up to the latest ONNX
 *    release (https://onnxruntime.ai/docs/reference/compatibility.html) and reads IR versions <= 10;
 *  - Debian 12's python3-onnx 1.12, our independent checker, validates at most IR 8 / opset 17
 *    (https://github.com/onnx/onnx/blob/main/docs/Versioning.md);
 *  - every operator we emit (MatMul, Add, Tanh, Relu, Softplus, Sigmoid) is unchanged since opset <= 14.
 */
import p from 'onnx-proto';

export const { onnx } = p;
export type ModelProto = p.onnx.IModelProto;
export type NodeProto = p.onnx.INodeProto;
export type TensorProto = p.onnx.ITensorProto;
export type ValueInfoProto = p.onnx.IValueInfoProto;

export const IR_VERSION = 8;
export const OPSET_VERSION = 17;

/** A dimension: a fixed size, or a symbolic name such as 'N' for a dynamic batch. */
export type Dim = number | string;

/** A float32 initializer; values are stored little-endian in raw_data as ONNX requires. */
export function floatTensor(name: string, shape: readonly number[], values: Float32Array): TensorProto {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => {
    view.setFloat32(4 * i, v, true);
  });
  return { name, dims: [...shape], dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw };
}

/** A float32 graph input or output of the given shape. */
export function floatValueInfo(name: string, shape: readonly Dim[]): ValueInfoProto {
  const dim = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim } } } };
}

/** An int64 initializer (axes, shapes, slice bounds), little-endian in raw_data. */
export function int64Tensor(name: string, shape: readonly number[], values: readonly number[]): TensorProto {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => {
    view.setBigInt64(8 * i, BigInt(v), true);
  });
  return { name, dims: [...shape], dataType: onnx.TensorProto.DataType.INT64, rawData: raw };
}

/** A node attribute: an integer (`{ int: 1 }`) or a float (`{ float: 0.5 }`). */
export type Attribute = { readonly int: number } | { readonly float: number };
export type Attributes = Readonly<Record<string, Attribute>>;

export function node(
  opType: string,
  inputs: readonly string[],
  output: string,
  name = output,
  attributes: Attributes = {},
): NodeProto {
  const attribute = Object.entries(attributes).map(([key, value]) =>
    'int' in value
      ? { name: key, type: onnx.AttributeProto.AttributeType.INT, i: value.int }
      : { name: key, type: onnx.AttributeProto.AttributeType.FLOAT, f: value.float },
  );
  return {
    opType,
    input: [...inputs],
    output: [output],
    name,
    ...(attribute.length > 0 ? { attribute } : {}),
  };
}

export interface ModelOptions {
  readonly graphName: string;
  readonly nodes: readonly NodeProto[];
  readonly initializers: readonly TensorProto[];
  readonly inputs: readonly ValueInfoProto[];
  readonly outputs: readonly ValueInfoProto[];
  /** Stored in the model's metadata_props. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString?: string;
}

/** Serialises a model (IR_VERSION, default-domain opset OPSET_VERSION) to protobuf bytes. */
export function encodeModel(options: ModelOptions): Uint8Array {
  const model: ModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    producerName: options.producerName,
    producerVersion: options.producerVersion,
    docString: options.docString ?? '',
    graph: {
      name: options.graphName,
      node: [...options.nodes],
      initializer: [...options.initializers],
      input: [...options.inputs],
      output: [...options.outputs],
    },
    metadataProps: Object.entries(options.metadata).map(([key, value]) => ({ key, value })),
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** Parses model bytes (for tests and tools that inspect exported files). */
export function decodeModel(bytes: Uint8Array): p.onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
