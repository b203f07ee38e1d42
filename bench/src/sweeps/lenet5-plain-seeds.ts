// LeNet-5-Caffe without any zero attraction (plain momentum SGD, lenet5-sep-seeds' 24 epochs and step decay, GP to
// 359× and 3 FT epochs) over seeds 1–3: is this stack's LeNet-5 at the paper's unpruned 0.8% before the attraction
// costs it accuracy? (lenet300-plain-seeds: LeNet-300-100 is at the paper's 1.64%, the attraction costs 0.3 points.)
// Each trial on both cores (threads 'auto'), so run it with --workers 1.
// Run: pnpm --filter @l0prune/bench sweep lenet5-plain-seeds --workers 1   (long: in the background)
import { mnistSeeds } from './mnist-search.js';
import seeds from './lenet5-sep-seeds.js';

const { layers: _layers, ...base } = seeds.base;

export default mnistSeeds({
  name: 'lenet5-plain-seeds',
  base: { ...base, penalty: { kind: 'none' }, ratios: [359], threads: 'auto' },
  ratio: 359,
});
