// lenet5-sep-seeds' configuration and seeds with dead units folded (`foldDeadUnits`): GP's 359× budget (1,200
// nonzeros, biases counted) goes to weights that reach the output, instead of 500 fc1 biases and the weights of units
// nothing reads (lenet5-sep-gradual's 359× models fold to 640–650× without changing an output). One-shot prune, FT 10
// epochs as lenet5-sep-ft10 (its comparison). Trains its networks (lenet5-sep-seeds' checkpoints, identical networks,
// may be copied into this sweep's checkpoint folder to skip that). Each trial on one core: --workers 2.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-fold   (long: in the background)
import seeds from './lenet5-sep-seeds.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet5-sep-fold',
  base: { ...seeds.base, ftEpochs: 10, foldDeadUnits: true, ratios: [359, 400] },
  ratio: 359,
});
