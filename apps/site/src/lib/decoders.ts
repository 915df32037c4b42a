/**
 * The page's decoder service (one per page, shared by every figure) and its page-wide URL state:
 * `?site.backend=webgpu|wasm|auto` forces a backend (the tests and the bench use it).
 */
import type { BackendRequest } from '@ellipse/sdk';
import { createDecoderService } from './decoder-service.ts';
import { bindUrlState, choiceField } from './url-state.ts';

export const pageState = bindUrlState({
  prefix: 'site',
  schema: { backend: choiceField<BackendRequest>({ fallback: 'auto', choices: ['auto', 'webgpu', 'wasm'] }) },
});

export const decoders = createDecoderService({
  importSdk: () => import('@ellipse/sdk'),
  modelsUrl: `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}models/`,
  backend: pageState.value.backend,
});
