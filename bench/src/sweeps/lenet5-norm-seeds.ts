// LeNet-5 NORM as `reproduce lenet5-norm-e20` (200× at 0.95/1.11/0.98% with seeds 1/2/3: a 1.01% mean against
// Table 3's 0.99%) trained 30 epochs instead of 20 — 8 → 20 epochs took seed 1 from 1.40% to 0.95% — over three
// seeds, with 300× beyond the target. Run: pnpm --filter @l0prune/bench sweep lenet5-norm-seeds   (long: background)
import { CONFIGS } from '../reproduce-configs.js';
import { mnistSeeds } from './mnist-search.js';

const { paper: _paper, ...lenet5NormE20 } = CONFIGS['lenet5-norm-e20']!;

export default mnistSeeds({
  name: 'lenet5-norm-seeds',
  base: { ...lenet5NormE20, epochs: 30, ratios: [200, 300], paperError: 0.99 },
  ratio: 200,
});
