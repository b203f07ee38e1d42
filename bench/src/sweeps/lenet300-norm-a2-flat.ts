// LeNet-300-100 NORM as the authors' released Keras code normalizes it: α₀ scaled per layer by sqrt(n_layer /
// n_largest), α₂ the same in every layer (`normalizedParameters: ['alphaL0']`). Every NORM run here so far scaled α₂
// too (the paper's "layer-size normalized values for α_ℓ2 and α_ℓ0"), so fc2's and fc3's ℓ2 factors were 2.8× and
// 15× smaller than the code's. α₂ ∈ {10⁻⁴ (the code's value), 3·10⁻⁴, 10⁻³}, each over seeds 1–3, the rest as
// lenet300-norm-fold (α₀ 6.27·10⁻⁴, β 5, 60 epochs, GP with dead units folded, FT 10): a configuration is chosen by
// its mean validation error at 90× (never the test set), and its 3-seed test mean is Table 2's NORM figure.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-a2-flat --workers 2   (long: in the background)
import fold from './lenet300-norm-fold.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet300-norm-a2-flat',
  base: { ...fold.base, normalizedParameters: ['alphaL0'], ratios: [90, 100, 110] },
  parameters: { alphaL2: { values: [1e-4, 3e-4, 1e-3] } },
  ratio: 90,
});
