// LeNet-300-100 NORM at lenet300-norm-seeds' setting (α₀ 6.27·10⁻⁴, α₂ 10⁻⁴, β 5, 60 epochs, step decay: 90× at
// 1.88% with seed 1) trained with a cosine learning rate instead, at η 0.05 and 0.1: the main job's schedule.
// Run: pnpm --filter @l0prune/bench sweep lenet300-schedule   (long: in the background)
import { defineSweep } from '@l0prune/sweep';
import { LENET300_NORM } from './mnist-bases.js';
import { type MnistTrialConfig, mnistTrial } from './mnist-trial.js';

const NAME = 'lenet300-schedule';

export default defineSweep<MnistTrialConfig>({
  name: NAME,
  base: { ...LENET300_NORM, alphaL0: 0.000627425, alphaL2: 1e-4, beta: 5, epochs: 60, schedule: 'cosine' },
  parameters: { learningRate: { values: [0.05, 0.1] } },
  search: { kind: 'grid' },
  objective: { metric: 'validationError90', mode: 'min' },
  pareto: { x: { metric: 'bestRatio', mode: 'max' }, y: { metric: 'bestTestError', mode: 'min' } },
  trial: (config, context) => mnistTrial(NAME, config, context),
});
