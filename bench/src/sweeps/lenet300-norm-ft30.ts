// LeNet-300-100 NORM as lenet300-norm-seeds (90× at 1.98% mean: its unpruned networks, 1.96%, are what miss Table 2's
// 1.85%; FT 10 brought every pruned one back to its unpruned error) fine-tuned 30 epochs instead of 10: FT has no
// penalty, so can a longer FT take the sparse network below the regularized one it came from?
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-ft30
import seeds from './lenet300-norm-seeds.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({ name: 'lenet300-norm-ft30', base: { ...seeds.base, ftEpochs: 30 }, ratio: 90 });
