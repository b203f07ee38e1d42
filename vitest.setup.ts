// Shared by every package's tests: the pure-JS cpu backend, so tests need nothing native.
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers itself calls chained ops (e.g. `x.flatten()` in RNNs); @tensorflow/tfjs registers them.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tf from '@tensorflow/tfjs-core';
import './vitest.quiet.js';

await tf.setBackend('cpu');
await tf.ready();
