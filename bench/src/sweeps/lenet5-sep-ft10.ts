// lenet5-sep-seeds' three trained networks pruned to 359×/400× again and fine-tuned 10 epochs instead of 3 (step
// decay): how much of the one-shot cut (7.8% test error at 359× before FT) does a longer FT win back? The baseline
// for lenet5-sep-gradual. Needs lenet5-sep-seeds' checkpoints on this machine.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-ft10
import seeds from './lenet5-sep-seeds.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet5-sep-ft10',
  base: { ...seeds.base, ftEpochs: 10, trainedIn: 'lenet5-sep-seeds' },
  ratio: 359,
});
