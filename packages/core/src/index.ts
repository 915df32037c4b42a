import './register-gradients.ts';

export * from './adam.ts';
export * from './adaptive-contrast.ts';
export * from './architecture.ts';
export * from './autoencoder.ts';
export * from './avb.ts';
export * from './config.ts';
export * from './discriminator.ts';
export * from './distributions.ts';
export {
  type ElboOptions,
  type ElboParts,
  type ElboViaEntropyOptions,
  type ElboViaPosteriorOptions,
  elbo,
  elboViaEntropy,
  elboViaPosterior,
  logLikelihood,
  REGULARIZERS,
  type Regularizer,
} from './elbo.ts';
export * from './errors.ts';
export * from './estimators.ts';
export * from './gaussian-fit.ts';
export * from './geometry.ts';
export * from './implicit-encoder.ts';
export * from './importance.ts';
export * from './iwae-objective.ts';
export * from './latent-quadrature.ts';
export * from './limits.ts';
export * from './model.ts';
export * from './objective.ts';
export * from './random.ts';
export * from './toy-data.ts';
export * from './train-step.ts';
export * from './validate.ts';
