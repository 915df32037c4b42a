/**
 * One vector-Jacobian rule per differentiable ONNX op. For y = f(a, b, ...) and the incoming gradient
 * dy = dL/dy (shape of y), a rule emits dL/da, dL/db, ... (shapes of a, b, ...), or null for an input
 * that needs none (data, noise, constants: `needs[i]` is false). Broadcasting in the forward op is
 * undone by summing over the broadcast axes (`unbroadcast`).
 */
import type { DifferentiableOp, Ops, RecordedOp, Shape, Value } from './tape.ts';

export interface RuleContext {
  readonly op: RecordedOp;
  /** dL/dy, the shape of op.output. */
  readonly dy: Value;
  /** Which inputs need a gradient. */
  readonly needs: readonly boolean[];
  readonly ops: Ops;
}

export type VjpRule = (context: RuleContext) => readonly (Value | null)[];

/**
 * The adjoint of broadcasting: sums `grad` (the broadcast shape) over the axes along which an input
 * of shape `shape` was broadcast, e.g. [L, N, K] -> [N, K] sums axis 0, [N, D] -> [D] sums axis 0.
 */
export function unbroadcast(ops: Ops, grad: Value, shape: Shape): Value {
  const lead = grad.shape.length - shape.length;
  const axes = grad.shape
    .map((_, i) => i)
    .filter((i) => i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1));
  if (axes.length === 0) return grad;
  if (axes.every((axis) => axis < lead)) return ops.reduceSum(grad, axes, false);
  return ops.reshape(ops.reduceSum(grad, axes, true), shape);
}

/** Applies `rule` to the inputs that need a gradient. */
const each =
  (rule: (context: RuleContext, input: Value, index: number) => Value): VjpRule =>
  (context) =>
    context.op.inputs.map((input, i) => (context.needs[i] ? rule(context, input, i) : null));

const input = (op: RecordedOp, i: number): Value => op.inputs[i] as Value;

export const VJP_RULES: Readonly<Record<DifferentiableOp, VjpRule>> = {
  // y = a + b: da = dy, db = dy (each summed over its broadcast axes)
  Add: each(({ dy, ops }, a) => unbroadcast(ops, dy, a.shape)),
  // y = a - b: da = dy, db = -dy
  Sub: each(({ dy, ops }, a, i) => unbroadcast(ops, i === 0 ? dy : ops.neg(dy), a.shape)),
  // y = a * b: da = dy * b, db = dy * a
  Mul: each(({ op, dy, ops }, a, i) => unbroadcast(ops, ops.mul(dy, input(op, 1 - i)), a.shape)),
  // y = -a: da = -dy
  Neg: each(({ dy, ops }) => ops.neg(dy)),
  // y = exp(a): da = dy * y
  Exp: each(({ op, dy, ops }) => ops.mul(dy, op.output)),
  // y = tanh(a): da = dy * (1 - y^2)
  Tanh: each(({ op, dy, ops }) => ops.mul(dy, ops.sub(ops.scalar(1), ops.mul(op.output, op.output)))),
  // y = max(a, 0): da = dy * [y > 0] (= sign(y), as y >= 0)
  Relu: each(({ op, dy, ops }) => ops.mul(dy, ops.sign(op.output))),
  // y = log(1 + exp(a)): da = dy * sigmoid(a)
  Softplus: each(({ dy, ops }, a) => ops.mul(dy, ops.sigmoid(a))),
  // y = a b + c, a [m, k], b [k, n], c broadcast to [m, n]: da = dy b^T, db = a^T dy, dc = dy summed
  Gemm: each(({ op, dy, ops }, operand, i) => {
    if (i === 0) return ops.gemm(dy, input(op, 1), null, { transB: true });
    if (i === 1) return ops.gemm(input(op, 0), dy, null, { transA: true });
    return unbroadcast(ops, dy, operand.shape);
  }),
  // y = sum of a over `axes`: da = dy broadcast back over those axes
  ReduceSum: each(({ op, dy, ops }, a) => {
    const axes = op.axes ?? [];
    const kept = op.keepDims
      ? dy
      : ops.reshape(
          dy,
          a.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
        );
    return ops.expand(kept, a.shape);
  }),
  // y = a reshaped: da = dy reshaped back
  Reshape: each(({ dy, ops }, a) => ops.reshape(dy, a.shape)),
};
