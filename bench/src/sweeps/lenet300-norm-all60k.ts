// lenet300-norm-seeds' configuration (α₀ 6.27·10⁻⁴, α₂ 10⁻⁴, β 5, 60 epochs; chosen on validation by
// lenet300-norm-search) trained on all 60,000 training images, as the paper does, instead of 55,000 with 5,000
// held out: the settings are fixed, so nothing is chosen on the test set. Paired with lenet300-norm-seeds by seed.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-all60k   (long: in the background)
import { mnistSeeds } from './mnist-search.js';
import seeds from './lenet300-norm-seeds.js';

export default mnistSeeds({ name: 'lenet300-norm-all60k', base: { ...seeds.base, validationSize: 0 }, ratio: 90 });
