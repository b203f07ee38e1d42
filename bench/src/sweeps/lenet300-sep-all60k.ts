// lenet300-sep-seeds' configuration (fc1/fc2/fc3 α₀ 4.08·10⁻⁴/3.31·10⁻⁴/1.34·10⁻³, 60 epochs; chosen on validation
// by lenet300-sep-search) trained on all 60,000 training images, as the paper does, instead of 55,000 with 5,000
// held out: the settings are fixed, so nothing is chosen on the test set. Paired with lenet300-sep-seeds by seed.
// Run: pnpm --filter @l0prune/bench sweep lenet300-sep-all60k   (long: in the background)
import { mnistSeeds } from './mnist-search.js';
import seeds from './lenet300-sep-seeds.js';

export default mnistSeeds({ name: 'lenet300-sep-all60k', base: { ...seeds.base, validationSize: 0 }, ratio: 96 });
