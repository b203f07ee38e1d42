// lenet5-norm-seeds' three trained networks (30 epochs, seeds 1–3), pruned to 200× again and fine-tuned 8 epochs
// instead of 4 (step decay): does a longer FT close the last 0.01 points of Table 3's NORM target (1.00% vs 0.99%)?
// Ranked, as every sweep here, by validation error. Needs lenet5-norm-seeds' checkpoints on this machine.
// Run: pnpm --filter @l0prune/bench sweep lenet5-norm-ft8
import { CONFIGS } from '../reproduce-configs.js';
import { mnistSeeds } from './mnist-search.js';

const { paper: _paper, ...lenet5NormE20 } = CONFIGS['lenet5-norm-e20']!;

export default mnistSeeds({
  name: 'lenet5-norm-ft8',
  base: { ...lenet5NormE20, epochs: 30, ftEpochs: 8, ratios: [200], paperError: 0.99, trainedIn: 'lenet5-norm-seeds' },
  ratio: 200,
});
