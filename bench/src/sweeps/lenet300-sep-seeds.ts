// LeNet-300-100 SEP at lenet300-sep-search's best configuration (fc1/fc2/fc3 α₀ 4.08·10⁻⁴/3.31·10⁻⁴/1.34·10⁻³,
// 60 epochs: 96× at 1.88%, 110× at 1.97% with seed 1) over three seeds: Table 2's SEP target as a 3-seed mean.
// Run: pnpm --filter @l0prune/bench sweep lenet300-sep-seeds   (long: in the background)
import { LENET300_SEP } from './mnist-bases.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet300-sep-seeds',
  base: {
    ...LENET300_SEP,
    epochs: 60,
    layers: {
      fc1: { alphaL0: 0.000407884 },
      fc2: { alphaL0: 0.000331018 },
      fc3: { alphaL0: 0.00133768 },
    },
  },
  ratio: 96,
});
