export { BackendError, INSTALL_HINTS } from './backend-error.ts';
export { type ImportModule, type Probe, probeCapabilities } from './capabilities.ts';
export {
  type BackendDevice,
  type InitBackendOptions,
  type InitializedBackend,
  initBackend,
} from './load-backend.ts';
export {
  AUTO_CANDIDATES,
  BACKEND_NAMES,
  type BackendName,
  type BackendRequest,
  type BackendSelection,
  type CandidateVerdict,
  type Capabilities,
  isOnnxBackend,
  ONNX_BACKENDS,
  parseBackendRequest,
  selectBackend,
} from './select-backend.ts';
export {
  type AdapterDescription,
  type DawnApi,
  formatAdapter,
  isSoftwareAdapter,
} from './software-adapter.ts';
export { DAWN_STRATEGIES, type DawnStrategy } from './webgpu-node.ts';
