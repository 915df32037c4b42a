/**
 * KL warm-up (Bowman et al. 2016; Sønderby et al. 2016): the regulariser's weight rises linearly from
 * 0 to beta over the first `warmupEpochs` epochs, then stays at beta:
 *   beta_t = beta * min(1, (t + 1) / (warmupEpochs * stepsPerEpoch)),  t = global step from 0.
 */
export function klWeight({
  beta,
  warmupEpochs,
  stepsPerEpoch,
  globalStep,
}: {
  beta: number;
  warmupEpochs: number;
  stepsPerEpoch: number;
  globalStep: number;
}): number {
  if (warmupEpochs <= 0) return beta;
  return beta * Math.min(1, (globalStep + 1) / (warmupEpochs * stepsPerEpoch));
}
