// lenet5-sep-fold with ℓ2–ℓ0 training that starts from lenet5-plain-seeds' networks (24 epochs without attraction:
// 0.57–0.64% test error) instead of random weights: 12 epochs with lenet5-sep-seeds' per-layer α₀'s, then GP with dead
// units folded and one-shot FT 10. Why: once dead units are folded the 359× cut costs lenet5-sep-fold almost nothing
// (validation 0.93% unpruned → 0.95% at 359×), so what misses the target is the trained network itself (1.05% test
// error unpruned, against 0.60% without attraction). Chosen against lenet5-sep-fold on the mean validation error at
// 359× (never the test set); fixed before running. Needs lenet5-plain-seeds' checkpoints on this machine.
// Each trial on one core: --workers 2.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-fold-warm   (long: in the background)
import fold from './lenet5-sep-fold.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet5-sep-fold-warm',
  base: { ...fold.base, epochs: 12, warmStartFrom: 'lenet5-plain-seeds' },
  ratio: 359,
});
