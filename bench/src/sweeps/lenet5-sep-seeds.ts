// LeNet-5 SEP at lenet5-sep-search's best configuration so far (conv1/conv2/fc1/fc2 α₀ 2.79·10⁻⁴/5.73·10⁻⁴/
// 8.04·10⁻⁴/2.89·10⁻³, 24 epochs, FT 3: 359× at 1.57% with seed 1) over three seeds: Table 3's SEP target as a
// 3-seed mean. Seed 1's training is that search's trial bbf83090ea7d (same settings); its checkpoint may be copied
// into this sweep's checkpoint folder to resume from, which only skips retraining the identical network.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-seeds   (long: in the background)
import { LENET5_SEP } from './mnist-bases.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet5-sep-seeds',
  base: {
    ...LENET5_SEP,
    epochs: 24,
    layers: {
      conv1: { alphaL0: 0.000278933 },
      conv2: { alphaL0: 0.000573093 },
      fc1: { alphaL0: 0.00080441 },
      fc2: { alphaL0: 0.00288749 },
    },
  },
  ratio: 359,
});
