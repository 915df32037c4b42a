import './register-gradients.ts';

export * from './adam.ts';
export * from './architecture.ts';
export * from './autoencoder.ts';
export * from './config.ts';
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
export * from './geometry.ts';
export * from './importance.ts';
export * from './limits.ts';
export * from './model.ts';
export * from './objective.ts';
export * from './random.ts';
export * from './toy-data.ts';
export * from './train-step.ts';
export * from './validate.ts';
