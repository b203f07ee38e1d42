// LeNet-300-100 NORM at lenet300-norm-search's best configuration (α₀ 6.27·10⁻⁴, α₂ 10⁻⁴, β 5, 60 epochs: 90× at
// 1.88% with seed 1), over three seeds: Table 2's NORM target as a 3-seed mean with its spread.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-seeds   (long: in the background)
import { LENET300_NORM } from './mnist-bases.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet300-norm-seeds',
  base: { ...LENET300_NORM, alphaL0: 0.000627425, alphaL2: 1e-4, beta: 5, epochs: 60 },
  ratio: 90,
});
