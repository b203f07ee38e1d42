// LeNet-300-100 NORM at lenet300-norm-search-lr's best configuration on validation (η 0.0177, batch 32, 20 epochs:
// 90× at 1.64% validation with seed 1, against lenet300-norm-fold's 1.62–1.72%), over seeds 1–3, dead units folded:
// Table 2's NORM target as a 3-seed mean with its spread. Seed 1's network is the search's trial 75b185ae13c9 (same
// settings, one thread: the same network), its training checkpoint copied here; pruning and FT ran again.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-lr-seeds --workers 2
import { mnistSeeds } from './mnist-search.js';
import search from './lenet300-norm-search-lr.js';

export default mnistSeeds({
  name: 'lenet300-norm-lr-seeds',
  base: { ...search.base, learningRate: 0.0176817, batchSize: 32, epochs: 20 },
  ratio: 90,
});
