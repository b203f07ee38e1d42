// lenet300-norm-ft30's three trained networks with gradual FT: 30 epochs, pruning from 30× to each target over the
// first 15 (Zhu & Gupta's cubic schedule, every 100 steps) instead of at once before FT.
// Needs lenet300-norm-ft30's checkpoints on this machine.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-gradual
import ft30 from './lenet300-norm-ft30.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet300-norm-gradual',
  base: { ...ft30.base, gradualFt: { fromRatio: 30, epochs: 15 }, trainedIn: 'lenet300-norm-ft30' },
  ratio: 90,
});
