import type { MnistTrialConfig } from './mnist-trial.js';

/** LeNet-300-100 NORM as `reproduce lenet300-norm-a0.0005-e60` trains it (90× at 1.89%, seed 1). */
export const LENET300_NORM: MnistTrialConfig = {
  paperError: 1.85,
  model: 'lenet300',
  pruner: 'global-magnitude',
  epochs: 60,
  ftEpochs: 10,
  ftLearningRateDecay: true,
  batchSize: 128,
  learningRate: 0.05,
  ftLearningRate: 0.01,
  momentum: 0.9,
  alphaL2: 5e-5,
  alphaL0: 5e-4,
  beta: 5,
  normalize: 'layer-size',
  ratios: [90, 110],
  tolerance: 0.2,
  seed: 1,
};
