// lenet5-sep-fold-searched's three trained networks pruned to 400× instead of 359× (GP with dead units folded, FT 10):
// the aim past the paper (LeNet-5 ≥ 400× within its 0.97%), where lenet5-sep-fold's networks are at 0.99%
// (0.93–1.12). Fixed before running. Needs lenet5-sep-fold-searched's checkpoints on this machine. --workers 2.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-fold-searched-400x --workers 2
import searched from './lenet5-sep-fold-searched.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet5-sep-fold-searched-400x',
  base: { ...searched.base, ratios: [400], trainedIn: 'lenet5-sep-fold-searched' },
  ratio: 400,
});
