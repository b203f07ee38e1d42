// lenet300-norm-warm with α₀ 2·10⁻³: after lenet300-norm-warm's seed 1 (α₀ 6.27·10⁻⁴: unpruned 1.75% but 3.54% right
// after the cut to 90×, 2.06% after FT) the warm-started network needs a stronger pull to be sparse in 30 epochs.
// Needs lenet300-plain-seeds' checkpoints on this machine.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-warm-a2e-3
import { mnistSeeds } from './mnist-search.js';
import warm from './lenet300-norm-warm.js';

export default mnistSeeds({ name: 'lenet300-norm-warm-a2e-3', base: { ...warm.base, alphaL0: 2e-3 }, ratio: 90 });
