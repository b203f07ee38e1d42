// lenet5-sep-search again with dead units folded (`foldDeadUnits`): ASHA over LeNet-5 SEP's per-layer α₀'s, 9
// configurations at 8 epochs, the best third on to 24, ranked by validation error at 359× (never the test set).
// Why: folded, the cut costs a network almost nothing, so the best training is no longer the sparsest one but the
// most accurate one that still folds to 359× (lenet5-sep-search chose its α₀'s for GP alone). Each range reaches 3×
// lower than lenet5-sep-search's; warm-started networks (lenet5-sep-fold-warm) show that too little pull costs at the
// cut, so the ranges keep its upper ends. FT 3 as the search before. About 3 hours of the 2 cores: run it in the
// background across sessions (the journal resumes it). Each trial on one core: --workers 2.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-search-fold --workers 2
import { LENET5_SEP } from './mnist-bases.js';
import { mnistSearch } from './mnist-search.js';

export default mnistSearch({
  name: 'lenet5-sep-search-fold',
  base: { ...LENET5_SEP, foldDeadUnits: true },
  parameters: {
    'layers.conv1.alphaL0': { min: 1e-5, max: 3e-4, scale: 'log' },
    'layers.conv2.alphaL0': { min: 1e-4, max: 3e-3, scale: 'log' },
    'layers.fc1.alphaL0': { min: 1e-4, max: 1.5e-3, scale: 'log' },
    'layers.fc2.alphaL0': { min: 2.5e-4, max: 5e-3, scale: 'log' },
  },
  ratio: 359,
  epochs: { min: 8, max: 24 },
});
