// lenet300-sep-100x's trained networks pruned again with dead units folded (`foldDeadUnits`): the 96× budget
// (2,777 nonzeros, biases counted) without the ~220 fc1 units nothing reads. Then past the paper: 110×–150×.
// Needs lenet300-sep-100x's checkpoints on this machine.
// Run: pnpm --filter @l0prune/bench sweep lenet300-sep-fold
import { mnistSeeds } from './mnist-search.js';
import sep100x from './lenet300-sep-100x.js';

export default mnistSeeds({
  name: 'lenet300-sep-fold',
  base: { ...sep100x.base, foldDeadUnits: true, ratios: [96, 110, 130, 150], trainedIn: 'lenet300-sep-100x' },
  ratio: 96,
});
