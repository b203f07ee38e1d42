// lenet5-sep-e48 trained longer still (48 → 72 epochs): 24 → 48 took LeNet-5 SEP 359× from 1.49%/1.50% to 1.27%/1.45%
// (seeds 1/2) after gradual FT, the one-shot cut from 7.76%/5.33% to 2.76%/3.96%; is ℓ0 training time still the lever?
// Each trial on both cores (threads 'auto'): run it with --workers 1; 55–100 min a seed (machines differ). Not run yet.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-e72 --workers 1   (long: in the background)
import e48 from './lenet5-sep-e48.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({ name: 'lenet5-sep-e72', base: { ...e48.base, epochs: 72 }, ratio: 359 });
