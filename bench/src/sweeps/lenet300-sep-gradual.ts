// LeNet-300-100 SEP as lenet300-sep-seeds (96× at 1.93%, 110× at 2.02% as 3-seed means; FT 10 epochs at once), with
// gradual FT: the same 10 epochs, pruning from 40× to each target over the first 5 (Zhu & Gupta's cubic schedule,
// every 100 steps). Same seeds, same training: a paired comparison, and 120× toward "past the paper" (≥ 100× within
// Table 2's 1.99%). Run: pnpm --filter @l0prune/bench sweep lenet300-sep-gradual
import { mnistSeeds } from './mnist-search.js';
import seeds from './lenet300-sep-seeds.js';

export default mnistSeeds({
  name: 'lenet300-sep-gradual',
  base: { ...seeds.base, ratios: [96, 110, 120], gradualFt: { fromRatio: 40, epochs: 5 } },
  ratio: 96,
});
