// lenet5-sep-fold's three trained networks, pruned the same way (GP with dead units folded, 359×), fine-tuned 30
// epochs instead of 10. Why: folded, the cut costs these networks almost nothing (validation 0.93% unpruned, 0.95%
// after FT 10), so the 1,200 weights left may gain from a longer FT as GP-alone networks did (FT 3 → 10: 1.66% →
// 1.53%). Chosen against lenet5-sep-fold (and lenet5-sep-fold-warm) on the mean validation error at 359× (never the
// test set); fixed before running. Needs lenet5-sep-fold's checkpoints on this machine. Each trial on one core:
// --workers 2.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-fold-ft30   (long: in the background)
import fold from './lenet5-sep-fold.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet5-sep-fold-ft30',
  base: { ...fold.base, ftEpochs: 30, ratios: [359], trainedIn: 'lenet5-sep-fold' },
  ratio: 359,
});
