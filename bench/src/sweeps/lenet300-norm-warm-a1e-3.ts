// lenet300-norm-warm with α₀ 10⁻³ instead of 6.27·10⁻⁴: 30 epochs of attraction may need a stronger one to make the
// network as sparse as 60 from scratch. Needs lenet300-plain-seeds' checkpoints on this machine.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-warm-a1e-3
import { mnistSeeds } from './mnist-search.js';
import warm from './lenet300-norm-warm.js';

export default mnistSeeds({ name: 'lenet300-norm-warm-a1e-3', base: { ...warm.base, alphaL0: 1e-3 }, ratio: 90 });
