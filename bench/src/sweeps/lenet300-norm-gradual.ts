// lenet300-norm-ft30's three trained networks (the same as lenet300-norm-seeds': same settings and seeds) with
// gradual FT: 10 epochs as lenet300-norm-seeds (FT 30 did worse), pruning from 30× to each target over the first 5
// (Zhu & Gupta's cubic schedule, every 100 steps) instead of at once before FT: a paired comparison.
// Needs lenet300-norm-ft30's checkpoints on this machine.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-gradual
import ft30 from './lenet300-norm-ft30.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet300-norm-gradual',
  base: { ...ft30.base, ftEpochs: 10, gradualFt: { fromRatio: 30, epochs: 5 }, trainedIn: 'lenet300-norm-ft30' },
  ratio: 90,
});
