// lenet5-sep-fold with the per-layer α₀'s of lenet5-sep-search-fold's best configuration at 8 epochs (trial
// fd60fab9e5c3: 359× at 1.02% validation after FT 3, the next best 1.18%; lenet5-sep-fold's α₀'s were chosen for GP
// alone): conv1/conv2/fc1/fc2 9.38·10⁻⁵/6.41·10⁻⁴/7.80·10⁻⁴/4.45·10⁻⁴ — fc2 pulled 6.5× less. Seeds 1–3, 24 epochs,
// dead units folded, FT 10 as lenet5-sep-fold; 359× only. Chosen against lenet5-sep-fold on the mean validation error
// at 359× (never the test set); fixed before running. Seed 1's training is that search's 24-epoch trial 6abeaa0771c1
// (same settings): its training checkpoint (epochsDone, without rows) may be copied into this sweep's checkpoint
// folder to resume from, which only skips retraining the identical network. Each trial on one core: --workers 2.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-fold-searched --workers 2   (long: in the background)
import fold from './lenet5-sep-fold.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet5-sep-fold-searched',
  base: {
    ...fold.base,
    ratios: [359],
    layers: {
      conv1: { alphaL0: 0.0000937858 },
      conv2: { alphaL0: 0.000640663 },
      fc1: { alphaL0: 0.000779827 },
      fc2: { alphaL0: 0.000445448 },
    },
  },
  ratio: 359,
});
