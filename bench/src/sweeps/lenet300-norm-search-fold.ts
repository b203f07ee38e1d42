// lenet300-norm-search again with dead units folded (`foldDeadUnits`): ASHA over LeNet-300-100 NORM's α₀ and α₂, 9
// configurations at 20 epochs, the best third on to 60, ranked by validation error at 90× (never the test set).
// Why: folded, the cut to 90× costs lenet300-norm-fold's networks nothing (1.95% after FT against 1.96% unpruned), so
// what misses the paper's 1.85% is the trained network. lenet300-norm-search chose α₀ for GP alone, where its lower
// α₀'s (3.5–4.8·10⁻⁴: 1.41–1.59% unpruned after 20 epochs) lost 0.8–1.4 points at the cut; folded, the most accurate
// network that still reaches 90× may be a less pulled one. The α₀ range reaches below that search's; β 5 (its best).
// 90× only and FT 10 epochs as lenet300-norm-fold: each trial a few minutes on one core. --workers 2.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-search-fold --workers 2
import { LENET300_NORM } from './mnist-bases.js';
import { mnistSearch } from './mnist-search.js';

export default mnistSearch({
  name: 'lenet300-norm-search-fold',
  base: { ...LENET300_NORM, alphaL2: 1e-4, beta: 5, foldDeadUnits: true, ratios: [90] },
  parameters: {
    alphaL0: { min: 2e-4, max: 8e-4, scale: 'log' },
    alphaL2: { values: [5e-5, 1e-4, 2e-4] },
  },
  ratio: 90,
  epochs: { min: 20, max: 60 },
});
