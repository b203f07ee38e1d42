// ASHA over LeNet-5 SEP's per-layer α₀'s (Table 3's 359× at 0.97%): 9 configurations at 8 epochs,
// the best third on to 24, ranked by validation error at 359× (never the test set). About 6 hours
// of the 2 cores: run it in the background across sessions (the journal resumes it).
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-search
import { LENET5_SEP } from './mnist-bases.js';
import { mnistSearch } from './mnist-search.js';

export default mnistSearch({
  name: 'lenet5-sep-search',
  base: LENET5_SEP,
  parameters: {
    'layers.conv1.alphaL0': { min: 3e-5, max: 3e-4, scale: 'log' },
    'layers.conv2.alphaL0': { min: 3e-4, max: 3e-3, scale: 'log' },
    'layers.fc1.alphaL0': { min: 3e-4, max: 1.5e-3, scale: 'log' },
    'layers.fc2.alphaL0': { min: 7e-4, max: 5e-3, scale: 'log' },
  },
  ratio: 359,
  epochs: { min: 8, max: 24 },
});
