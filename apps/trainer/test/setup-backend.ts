// Selects tfjs's pure-JS cpu backend before each test file: exact, and the same on every machine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

if (!(await tf.setBackend('cpu'))) throw new Error("tfjs backend 'cpu' failed to initialise");
