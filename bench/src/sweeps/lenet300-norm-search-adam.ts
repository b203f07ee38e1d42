// LeNet-300-100 NORM trained as the authors' released Keras code trains (their L2L0 kernel_regularizer: the penalty's
// gradient in the loss's, `coupled`, around Adam) instead of eq. 17's decoupled step around momentum SGD; dead units
// folded, 90×. ASHA over α₀, Adam's η and FT's η (FT with Adam too): 9 configurations at 20 epochs, the best third on
// to 60, ranked by validation error at 90× (never the test set); α₂ 10⁻⁴ and β 5 as lenet300-norm-fold.
// Why: the paper's η is "tuned experimentally" with NORM's α's, and every run here had trained with momentum SGD.
// Pilots (12 epochs, seed 1): α₀ 3·10⁻⁴ left a network sparse enough for 90× but at 4.4% error, α₀ 3·10⁻⁵ an accurate
// one (1.84%) that the cut to 90× broke (54.7% before FT); the range below spans them.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-search-adam --workers 2
import foldSeeds from './lenet300-norm-fold.js';
import { mnistSearch } from './mnist-search.js';

export default mnistSearch({
  name: 'lenet300-norm-search-adam',
  base: { ...foldSeeds.base, optimizer: 'adam', coupled: true, ratios: [90] },
  parameters: {
    alphaL0: { min: 5e-5, max: 5e-4, scale: 'log' },
    learningRate: { min: 3e-4, max: 3e-3, scale: 'log' },
    ftLearningRate: { min: 1e-4, max: 3e-3, scale: 'log' },
  },
  ratio: 90,
  epochs: { min: 20, max: 60 },
});
