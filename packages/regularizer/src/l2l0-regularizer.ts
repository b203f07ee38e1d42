import * as tf from '@tensorflow/tfjs-core';
import { L2L0Penalty, type L2L0PenaltyArgs } from './l2l0-penalty.js';
import { PenaltyRegularizer } from './penalty-regularizer.js';

/**
 * tfjs Regularizer adding α₂Σw² + α₀Σ(1 − e^{−β|w|}) to the loss (the coupled form of
 * eq. 17). Registered as `L2L0` so models using it save and load.
 */
export class L2L0 extends PenaltyRegularizer<L2L0Penalty, L2L0PenaltyArgs> {
  static readonly className = 'L2L0';

  constructor(args: L2L0PenaltyArgs) {
    super(args, (a) => new L2L0Penalty(a));
  }
}
tf.serialization.registerClass(L2L0);

/** Combined ℓ2 + ℓ0-approximation regularizer, for `kernelRegularizer` and friends. */
export function l2l0Regularizer(args: L2L0PenaltyArgs): L2L0 {
  return new L2L0(args);
}
