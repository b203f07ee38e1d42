// LeNet-300-100 NORM with dead units folded: ASHA over the learning rate η and the batch size, which the paper tunes
// with NORM's α's ("three global hyperparameter values … are tuned experimentally, besides the learning rate η") and
// every run here so far held at η 0.05, batch 128. 9 configurations at 20 epochs, the best third on to 60, ranked by
// validation error at 90× (never the test set); α₀, α₂, β are lenet300-norm-fold's (α₀ 6.27·10⁻⁴, α₂ 10⁻⁴, β 5).
// Why: folded, the cut to 90× is free (1.95% after FT against 1.96% unpruned), so what misses the paper's 1.85% is
// the trained network, 0.3 points less accurate than a plain one. α₀ weighs the ℓ0 term against the loss whatever
// η and the batch are, so the objective stays the same and only the way SGD walks it changes.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-search-lr --workers 2
import foldSeeds from './lenet300-norm-fold.js';
import { mnistSearch } from './mnist-search.js';

export default mnistSearch({
  name: 'lenet300-norm-search-lr',
  base: { ...foldSeeds.base, ratios: [90] },
  parameters: {
    learningRate: { min: 0.01, max: 0.1, scale: 'log' },
    batchSize: { values: [32, 64, 128] },
  },
  ratio: 90,
  epochs: { min: 20, max: 60 },
});
