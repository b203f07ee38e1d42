// lenet5-sep-seeds' three trained networks with gradual FT: 10 epochs as lenet5-sep-ft10, but pruning from 100× to
// each target over the first 6 (Zhu & Gupta's cubic schedule, every 100 steps) instead of all at once before FT.
// Needs lenet5-sep-seeds' checkpoints on this machine.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-gradual
import seeds from './lenet5-sep-seeds.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet5-sep-gradual',
  base: { ...seeds.base, ftEpochs: 10, gradualFt: { fromRatio: 100, epochs: 6 }, trainedIn: 'lenet5-sep-seeds' },
  ratio: 359,
});
