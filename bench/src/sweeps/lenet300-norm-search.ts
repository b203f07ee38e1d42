// ASHA over LeNet-300-100 NORM's α₀, α₂ and β (Table 2's 90× at 1.85%): configurations trained
// 20 epochs, the best third on to 60, ranked by validation error at 90× (never the test set).
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-search   (long: in the background)
import { LENET300_NORM } from './mnist-bases.js';
import { mnistSearch } from './mnist-search.js';

export default mnistSearch({
  name: 'lenet300-norm-search',
  base: LENET300_NORM,
  parameters: {
    alphaL0: { min: 3e-4, max: 1e-3, scale: 'log' },
    alphaL2: { values: [2e-5, 5e-5, 1e-4] },
    beta: { values: [3, 5, 8] },
  },
  ratio: 90,
  epochs: { min: 20, max: 60 },
});
