/** The live MNIST figure's settings, apart from its code so the page can read them before tfjs loads. */

/** T: the first T of the shipped test digits have their ellipses drawn (each snapshot encodes them). */
export const MNIST_TEST_DIGITS = 500;
export const MNIST_BATCH_SIZE = 100;
export const MNIST_DEFAULT_LEARNING_RATE = 0.001;
export const MNIST_LEARNING_RATES = [0.0003, 0.001, 0.003, 0.01] as const;
export const MNIST_DEFAULT_BETA = 1;
export const MNIST_DEFAULT_SEED = 1;
/** Steps per message while playing: each answer redraws the figure (encodes T digits, decodes the grid). */
export const MNIST_STEPS_PER_CHUNK = 5;
/** The manifold: a G x G grid of z over [-extent, extent]^2, decoded after every chunk. */
export const MANIFOLD_GRID = { size: 9, extent: 2 } as const;
/** The latent plane shows [-extent, extent]^2. */
export const MNIST_LATENT_EXTENT = 4;
/** The loss curve's y axis fits the last 90% of the run: the untrained 543 nats would flatten the rest. */
export const MNIST_LOSS_FIT_FROM = 0.1;
