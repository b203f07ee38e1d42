// LeNet-300-100 SEP at lenet300-sep-search's best configuration (fc1/fc2/fc3 α₀ 4.08·10⁻⁴/3.31·10⁻⁴/1.34·10⁻³,
// 60 epochs: 96× at 1.88%, 110× at 1.97% with seed 1) over three seeds: Table 2's SEP target as a 3-seed mean.
// Run: pnpm --filter @l0prune/bench sweep lenet300-sep-seeds   (long: in the background)
import { defineSweep } from '@l0prune/sweep';
import { LENET300_SEP } from './mnist-bases.js';
import { type MnistTrialConfig, mnistTrial } from './mnist-trial.js';

const NAME = 'lenet300-sep-seeds';

export default defineSweep<MnistTrialConfig>({
  name: NAME,
  base: {
    ...LENET300_SEP,
    epochs: 60,
    layers: {
      fc1: { alphaL0: 0.000407884 },
      fc2: { alphaL0: 0.000331018 },
      fc3: { alphaL0: 0.00133768 },
    },
  },
  parameters: { seed: { values: [1, 2, 3] } },
  search: { kind: 'grid' },
  repeats: 'seed',
  objective: { metric: 'validationError96', mode: 'min' },
  pareto: { x: { metric: 'bestRatio', mode: 'max' }, y: { metric: 'bestTestError', mode: 'min' } },
  trial: (config, context) => mnistTrial(NAME, config, context),
});
