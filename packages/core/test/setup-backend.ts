// Selects the tfjs backend named by ELLIPSE_TEST_BACKEND (set per vitest project) before each test file.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

// IS_TEST turns on tfjs's per-kernel leak checks (and silences its "install tfjs-node" banner).
tf.env().set('IS_TEST', true);
const wanted = process.env.ELLIPSE_TEST_BACKEND ?? 'cpu';
if (!(await tf.setBackend(wanted))) throw new Error(`tfjs backend '${wanted}' failed to initialise`);
if (tf.getBackend() !== wanted) throw new Error(`asked for backend '${wanted}', got '${tf.getBackend()}'`);
