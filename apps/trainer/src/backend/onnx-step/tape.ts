/**
 * A tape over ONNX nodes. The forward graph is written through the differentiable ops below, which
 * emit ONNX nodes with static shapes and record themselves; `gradients(loss, wrt)` then walks the
 * record backwards and emits the backward graph, one vector-Jacobian rule per op type (vjp-rules.ts):
 * for y = f(a, b, ...), given dL/dy it emits dL/da, dL/db, ... and sums the contributions of every
 * use of a value (reverse-mode automatic differentiation, done once at build time).
 *
 * Shapes are static (the batch size is part of the graph), so broadcasting and its reduction in the
 * backward pass are decided when the graph is built. Nodes and initializers use the trainer's ONNX
 * writer (export/onnx-graph.ts).
 */
import {
  type Attributes,
  floatTensor,
  int64Tensor,
  type NodeProto,
  node,
  type TensorProto,
} from '../../export/onnx-graph.ts';
import { VJP_RULES } from './vjp-rules.ts';

export type Shape = readonly number[];

/** A float32 tensor of the graph: its ONNX name and static shape. */
export interface Value {
  readonly name: string;
  readonly shape: Shape;
}

/** The op types that have a vector-Jacobian rule (and are recorded on the tape). */
export type DifferentiableOp =
  | 'Add'
  | 'Sub'
  | 'Mul'
  | 'Neg'
  | 'Exp'
  | 'Tanh'
  | 'Relu'
  | 'Softplus'
  | 'Gemm'
  | 'ReduceSum'
  | 'Reshape';

/** One recorded forward op: y = op(inputs). `axes`/`keepDims` for ReduceSum, `trans*` for Gemm. */
export interface RecordedOp {
  readonly type: DifferentiableOp;
  readonly inputs: readonly Value[];
  readonly output: Value;
  readonly axes?: readonly number[];
  readonly keepDims?: boolean;
}

export class GraphBuildError extends Error {
  override readonly name = 'GraphBuildError';
}

/** Numpy broadcasting of two shapes; throws GraphBuildError naming both when they do not broadcast. */
export function broadcastShape(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new GraphBuildError(`shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    }
    return Math.max(x, y);
  });
}

export type Tape = ReturnType<typeof createTape>;

export function createTape() {
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  const record: RecordedOp[] = [];
  /** Values that depend on a leaf (a trainable weight): only their ops are recorded. */
  const tracked = new Set<string>();
  const constants = new Map<string, Value>();
  let counter = 0;
  let recording = true;

  const fresh = (hint: string): string => `${hint}:${counter++}`;

  /** Emits one node; records it when it is differentiable and an input is tracked. */
  function emit(
    opType: string,
    inputs: readonly Value[],
    shape: Shape,
    extra: { attributes?: Attributes; hint?: string; constantInputs?: readonly string[] } & Partial<
      Pick<RecordedOp, 'axes' | 'keepDims'>
    > = {},
  ): Value {
    const output: Value = { name: fresh(extra.hint ?? opType), shape: [...shape] };
    const names = [...inputs.map((v) => v.name), ...(extra.constantInputs ?? [])];
    nodes.push(node(opType, names, output.name, output.name, extra.attributes ?? {}));
    if (inputs.some((v) => tracked.has(v.name))) {
      if (recording && !(opType in VJP_RULES)) {
        throw new GraphBuildError(`${opType} has no vector-Jacobian rule: it cannot depend on a weight`);
      }
      tracked.add(output.name);
    }
    if (recording && opType in VJP_RULES && tracked.has(output.name)) {
      record.push({
        type: opType as DifferentiableOp,
        inputs,
        output,
        ...(extra.axes ? { axes: extra.axes } : {}),
        ...(extra.keepDims !== undefined ? { keepDims: extra.keepDims } : {}),
      });
    }
    return output;
  }

  /** An int64 initializer (axes, shapes, slice bounds), shared between nodes with the same values. */
  function ints(values: readonly number[]): string {
    const key = `int64[${values.join(',')}]`;
    const known = constants.get(key);
    if (known) return known.name;
    initializers.push(int64Tensor(key, [values.length], values));
    constants.set(key, { name: key, shape: [values.length] });
    return key;
  }

  const elementwise = (opType: string, a: Value, b: Value, hint?: string) =>
    emit(opType, [a, b], broadcastShape(a.shape, b.shape), hint ? { hint } : {});
  const unary = (opType: string, a: Value, hint?: string) => emit(opType, [a], a.shape, hint ? { hint } : {});

  const ops = {
    /** A float32 scalar constant (shape []), shared between nodes with the same value. */
    scalar(value: number): Value {
      const key = `float(${value})`;
      const known = constants.get(key);
      if (known) return known;
      initializers.push(floatTensor(key, [], Float32Array.of(value)));
      const constant: Value = { name: key, shape: [] };
      constants.set(key, constant);
      return constant;
    },
    add: (a: Value, b: Value, hint?: string) => elementwise('Add', a, b, hint),
    sub: (a: Value, b: Value, hint?: string) => elementwise('Sub', a, b, hint),
    mul: (a: Value, b: Value, hint?: string) => elementwise('Mul', a, b, hint),
    div: (a: Value, b: Value, hint?: string) => elementwise('Div', a, b, hint),
    neg: (a: Value) => unary('Neg', a),
    exp: (a: Value, hint?: string) => unary('Exp', a, hint),
    sqrt: (a: Value) => unary('Sqrt', a),
    tanh: (a: Value, hint?: string) => unary('Tanh', a, hint),
    relu: (a: Value, hint?: string) => unary('Relu', a, hint),
    softplus: (a: Value, hint?: string) => unary('Softplus', a, hint),
    sigmoid: (a: Value) => unary('Sigmoid', a),
    /** sign(a) in {-1, 0, 1}. */
    sign: (a: Value) => unary('Sign', a),
    /** Sum of same-shaped values. */
    sum: (values: readonly Value[]) =>
      values.length === 1 ? (values[0] as Value) : emit('Sum', values, (values[0] as Value).shape),
    /**
     * a' b' + c with a' = a or a^T (transA), b' likewise: [m, k] x [k, n] (+ c broadcast to [m, n]).
     */
    gemm(a: Value, b: Value, c: Value | null, { transA = false, transB = false, hint = 'Gemm' } = {}): Value {
      const [m, k] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
      const [k2, n] = transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
      if (a.shape.length !== 2 || b.shape.length !== 2 || k !== k2) {
        throw new GraphBuildError(
          `Gemm of [${a.shape.join(', ')}]${transA ? '^T' : ''} and [${b.shape.join(', ')}]${transB ? '^T' : ''}: inner sizes differ`,
        );
      }
      if ((transA || transB) && recording && [a, b].some((v) => tracked.has(v.name))) {
        throw new GraphBuildError(
          'a transposed Gemm has no vector-Jacobian rule: write the forward untransposed',
        );
      }
      const attributes = { transA: { int: transA ? 1 : 0 }, transB: { int: transB ? 1 : 0 } };
      return emit('Gemm', c ? [a, b, c] : [a, b], [m as number, n as number], { attributes, hint });
    },
    /** Sum over `axes`; keepDims keeps them as size 1. */
    reduceSum(a: Value, axes: readonly number[], keepDims = false, hint?: string): Value {
      const shape = keepDims
        ? a.shape.map((d, i) => (axes.includes(i) ? 1 : d))
        : a.shape.filter((_, i) => !axes.includes(i));
      return emit('ReduceSum', [a], shape, {
        attributes: { keepdims: { int: keepDims ? 1 : 0 } },
        constantInputs: [ints(axes)],
        axes,
        keepDims,
        ...(hint ? { hint } : {}),
      });
    },
    /** Sum of every element: a scalar (shape []). */
    total(a: Value, hint?: string): Value {
      return ops.reduceSum(
        a,
        a.shape.map((_, i) => i),
        false,
        hint,
      );
    },
    reshape(a: Value, shape: Shape, hint?: string): Value {
      const size = (s: Shape) => s.reduce((x, y) => x * y, 1);
      if (size(a.shape) !== size(shape)) {
        throw new GraphBuildError(`cannot reshape [${a.shape.join(', ')}] to [${shape.join(', ')}]`);
      }
      return emit('Reshape', [a], shape, { constantInputs: [ints(shape)], ...(hint ? { hint } : {}) });
    },
    /** Broadcasts a to `shape`. */
    expand: (a: Value, shape: Shape) => emit('Expand', [a], shape, { constantInputs: [ints(shape)] }),
    /** Elements [start, end) of a 1-D value. */
    slice: (a: Value, start: number, end: number, hint?: string) =>
      emit('Slice', [a], [end - start], {
        constantInputs: [ints([start]), ints([end]), ints([0])],
        ...(hint ? { hint } : {}),
      }),
    /** Concatenation of 1-D values. */
    concat: (values: readonly Value[], hint?: string) =>
      emit('Concat', values, [values.reduce((n, v) => n + (v.shape[0] as number), 0)], {
        attributes: { axis: { int: 0 } },
        ...(hint ? { hint } : {}),
      }),
    /** Renames a value (Identity), e.g. to give a graph output its public name. */
    output(a: Value, name: string): Value {
      nodes.push(node('Identity', [a.name], name));
      return { name, shape: a.shape };
    },
  };

  return {
    ops,
    nodes,
    initializers,
    /** Marks a value as a leaf to differentiate with respect to (a trainable weight). */
    leaf(value: Value): Value {
      tracked.add(value.name);
      return value;
    },
    /**
     * Emits the backward graph of a scalar `loss`: dloss/dw for every w of `wrt` (null where loss does
     * not depend on w). Ops emitted here are not recorded: no second derivatives.
     */
    gradients(loss: Value, wrt: readonly Value[]): (Value | null)[] {
      if (loss.shape.length !== 0) {
        throw new GraphBuildError(`gradients need a scalar loss, got shape [${loss.shape.join(', ')}]`);
      }
      const contributions = new Map<string, Value[]>([[loss.name, [ops.scalar(1)]]]);
      recording = false; // nothing emitted from here on is recorded
      for (const op of [...record].reverse()) {
        const dys = contributions.get(op.output.name);
        if (dys === undefined) continue;
        const dy = ops.sum(dys);
        const needs = op.inputs.map((input) => tracked.has(input.name));
        const grads = VJP_RULES[op.type]({ op, dy, needs, ops });
        op.inputs.forEach((input, i) => {
          const grad = grads[i];
          if (grad === null || grad === undefined) return;
          const list = contributions.get(input.name) ?? [];
          list.push(grad);
          contributions.set(input.name, list);
        });
      }
      return wrt.map((w) => {
        const list = contributions.get(w.name);
        return list === undefined ? null : ops.sum(list);
      });
    },
  };
}

export type Ops = Tape['ops'];
