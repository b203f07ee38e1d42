// Prunes a small MLP to 2:4 sparsity with a pruner l0prune does not ship, chosen by name.
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { createPruner, prune } from '@l0prune/pruning';
import { registerNMPruner } from './index.js';

registerNMPruner();
const model = tfl.sequential({
  layers: [
    tfl.layers.dense({ inputShape: [16], units: 32, activation: 'relu', name: 'fc1' }),
    tfl.layers.dense({ units: 8, name: 'fc2' }),
  ],
});
const { report } = prune(model, createPruner('n-m', { n: 2, m: 4 }));
console.log(String(report));
