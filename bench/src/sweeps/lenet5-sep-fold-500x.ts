// lenet5-sep-fold's three trained networks pruned with dead units folded to 500×, one-shot FT 10 epochs: how far past
// the paper's 359× (and the 400× aim) the folded budget goes. 500× fixed before running.
// Needs lenet5-sep-fold's checkpoints on this machine. Each trial on one core: --workers 2.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-fold-500x
import fold from './lenet5-sep-fold.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet5-sep-fold-500x',
  base: { ...fold.base, ratios: [500], trainedIn: 'lenet5-sep-fold' },
  ratio: 500,
});
