// lenet300-sep-seeds' configuration and seeds trained again, pruned to 100× as well as 96× and 110×: the issue's
// first aim past the paper is LeNet-300-100 at ≥ 100× within its SEP error (1.99%); lenet300-sep-seeds gives 96× at
// 1.93% and 110× at 2.02% (means of 3 seeds). 100× is the aim's ratio, fixed before running, not picked on the test
// set. Training is deterministic for a seed on one backend, so 96× and 110× must come out as lenet300-sep-seeds' did.
// Run: pnpm --filter @l0prune/bench sweep lenet300-sep-100x   (long: in the background)
import { mnistSeeds } from './mnist-search.js';
import seeds from './lenet300-sep-seeds.js';

export default mnistSeeds({ name: 'lenet300-sep-100x', base: { ...seeds.base, ratios: [96, 100, 110] }, ratio: 100 });
