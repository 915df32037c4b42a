import './register-gradients.ts';

export * from './adam.ts';
export * from './architecture.ts';
export * from './config.ts';
export * from './distributions.ts';
export * from './errors.ts';
export * from './model.ts';
export * from './random.ts';
export * from './validate.ts';
