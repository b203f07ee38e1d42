import * as tf from '@tensorflow/tfjs-core';
import { L0Penalty, type L0PenaltyArgs } from './l0-penalty.js';
import { PenaltyRegularizer } from './penalty-regularizer.js';

/**
 * tfjs Regularizer adding α·Σ(1 − e^{−β|w|}) (eq. 11) to the loss: autodiff gives the
 * gradient of eq. 13. Registered as `L0` so models using it save and load.
 */
export class L0 extends PenaltyRegularizer<L0Penalty, L0PenaltyArgs> {
  static readonly className = 'L0';

  constructor(args: L0PenaltyArgs) {
    super(args, (a) => new L0Penalty(a));
  }
}
tf.serialization.registerClass(L0);

/** ℓ0-approximation regularizer α·Σ(1 − e^{−β|w|}), for `kernelRegularizer` and friends. */
export function l0Regularizer(args: L0PenaltyArgs): L0 {
  return new L0(args);
}
