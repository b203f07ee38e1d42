// ASHA over LeNet-300-100 SEP's per-layer α₀'s (Table 2's 96× at 1.99%): 9 configurations at 20
// epochs, the best third on to 60, ranked by validation error at 96× (never the test set).
// Run: pnpm --filter @l0prune/bench sweep lenet300-sep-search   (long: in the background)
import { LENET300_SEP } from './mnist-bases.js';
import { mnistSearch } from './mnist-search.js';

export default mnistSearch({
  name: 'lenet300-sep-search',
  base: LENET300_SEP,
  parameters: {
    'layers.fc1.alphaL0': { min: 3e-4, max: 1.5e-3, scale: 'log' },
    'layers.fc2.alphaL0': { min: 3e-4, max: 3e-3, scale: 'log' },
    'layers.fc3.alphaL0': { min: 5e-4, max: 5e-3, scale: 'log' },
  },
  ratio: 96,
  epochs: { min: 20, max: 60 },
});
