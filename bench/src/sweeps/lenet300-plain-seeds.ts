// LeNet-300-100 without any zero attraction (plain momentum SGD, the same 60 epochs, step decay, GP and 10 FT epochs
// as lenet300-norm-seeds) over seeds 1–3: how accurate this stack's network is unregularized (the paper's unpruned
// LeNet-300-100 is at 1.64%), and what classic prune-and-fine-tune gives at the same ratios.
// Run: pnpm --filter @l0prune/bench sweep lenet300-plain-seeds   (long: in the background)
import { mnistSeeds } from './mnist-search.js';
import seeds from './lenet300-norm-seeds.js';

export default mnistSeeds({
  name: 'lenet300-plain-seeds',
  base: { ...seeds.base, penalty: { kind: 'none' } },
  ratio: 90,
});
