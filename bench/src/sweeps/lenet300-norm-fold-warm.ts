// lenet300-norm-warm (ℓ2–ℓ0 training from lenet300-plain-seeds' networks: 30 epochs of lenet300-norm-seeds' settings)
// with dead units folded (`foldDeadUnits`) at 90×, 100× and 110×. Why: folded, the 90× cut costs lenet300-norm-fold
// little (its trained networks are what miss: 1.96% test error unpruned), and the warm-started networks are more
// accurate (lenet300-norm-warm seed 1: 1.75%), but GP alone spent their budget on units nothing reads. Chosen against
// lenet300-norm-fold on the mean validation error at 90× (never the test set); fixed before running. Training is
// lenet300-norm-warm's, so that sweep's training checkpoints (train.l0s, and state.json without its rows) may be copied
// into this sweep's checkpoint folder to skip retraining. Needs lenet300-plain-seeds' checkpoints on this machine.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-fold-warm
import { mnistSeeds } from './mnist-search.js';
import warm from './lenet300-norm-warm.js';

export default mnistSeeds({
  name: 'lenet300-norm-fold-warm',
  base: { ...warm.base, foldDeadUnits: true, ratios: [90, 100, 110] },
  ratio: 90,
});
