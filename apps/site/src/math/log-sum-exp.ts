/** log sum_i exp(a_i), stable: m + log sum_i exp(a_i - m) with m = max_i a_i; -Infinity for no terms. */
export function logSumExp(values: ArrayLike<number>, start = 0, end = values.length): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i += 1) max = Math.max(max, values[i] as number);
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let i = start; i < end; i += 1) sum += Math.exp((values[i] as number) - max);
  return max + Math.log(sum);
}
