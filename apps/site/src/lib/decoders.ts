/**
 * The page's shared services, one of each per page, created on first use: the checked model data
 * (`/models/`, src/data/model-data.ts) and the decoder service over it (one SDK import, one backend,
 * reported on the page). Page-wide URL state: `?site.backend=webgpu|wasm|auto` forces a backend (the
 * tests and the bench use it).
 */
import type { BackendRequest } from '@ellipse/sdk';
import { fetchFromSite, type ModelData, openModelData } from '../data/model-data.ts';
import { createDecoderService } from './decoder-service.ts';
import { bindUrlState, choiceField } from './url-state.ts';

export const pageState = bindUrlState({
  prefix: 'site',
  schema: { backend: choiceField<BackendRequest>({ fallback: 'auto', choices: ['auto', 'webgpu', 'wasm'] }) },
});

const modelsUrl = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}models/`;
let opened: Promise<ModelData> | undefined;

/** The site's models and data (manifest read and validated on the first call, once). */
export function siteModelData(): Promise<ModelData> {
  opened ??= openModelData({ fetchBytes: fetchFromSite(modelsUrl) });
  return opened;
}

export const decoders = createDecoderService({
  importSdk: () => import('@ellipse/sdk'),
  onnx: async (name, role) => (await siteModelData()).onnx(name, role),
  backend: pageState.value.backend,
});
