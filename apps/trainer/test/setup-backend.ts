// Selects tfjs's pure-JS cpu backend before each test file: exact, and the same on every machine.
// IS_TEST turns on tfjs's per-kernel leak checks and silences its "install tfjs-node" banner.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

tf.env().set('IS_TEST', true);
if (!(await tf.setBackend('cpu'))) throw new Error("tfjs backend 'cpu' failed to initialise");
