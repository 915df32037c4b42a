// tfjs-core ships its gradient functions apart from the ops. tfjs-layers registers all of them on
// import, in its Node (CommonJS) bundle and its ES module build alike; tfjs-core's own
// dist/register_all_gradients is ESM with extensionless imports, which Node cannot load.
import '@tensorflow/tfjs-layers';
import { registerWasmFriendlyMatMulGradient } from './matmul-gradient.ts';

registerWasmFriendlyMatMulGradient();
