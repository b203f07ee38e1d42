// lenet300-norm-seeds' configuration and seeds (NORM, α₀ 6.27·10⁻⁴, 60 epochs) with dead units folded
// (`foldDeadUnits`): the 90× budget (2,962 nonzeros, biases counted) without the ~225 fc1 units nothing reads
// (lenet300-norm-seeds' 90× models fold to 100–101× unchanged). Trains its networks.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-fold   (long: in the background)
import seeds from './lenet300-norm-seeds.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet300-norm-fold',
  base: { ...seeds.base, foldDeadUnits: true, ratios: [90, 100, 110] },
  ratio: 90,
});
