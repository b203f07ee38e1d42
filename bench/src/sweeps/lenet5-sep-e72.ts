// lenet5-sep-e48 trained longer still (48 → 72 epochs). 24 → 48 made every seed's one-shot cut to 359× much cheaper
// (7.76/5.33/6.23% → 2.76/3.96/3.80%) but the result after gradual FT only a little better on test on average (1.50 →
// 1.44%, seeds 1.27/1.45/1.61%) and worse on validation (1.21 → 1.28%): probably not the next step; kept to check that.
// Each trial on both cores (threads 'auto'): run it with --workers 1; 55–100 min a seed (machines differ). Not run yet.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-e72 --workers 1   (long: in the background)
import e48 from './lenet5-sep-e48.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({ name: 'lenet5-sep-e72', base: { ...e48.base, epochs: 72 }, ratio: 359 });
