import * as tf from '@tensorflow/tfjs-core';
import { L2L0Penalty, type L2L0PenaltyArgs } from './l2l0-penalty.js';
import { RegularizerBase } from './tfjs-regularizer.js';

/**
 * tfjs Regularizer adding α₂Σw² + α₀Σ(1 − e^{−β|w|}) to the loss (the coupled form of
 * eq. 17). Registered as `L2L0` so models using it save and load.
 */
export class L2L0 extends RegularizerBase {
  static readonly className = 'L2L0';
  readonly penalty: L2L0Penalty;

  constructor(args: L2L0PenaltyArgs) {
    super();
    this.penalty = new L2L0Penalty(args);
  }

  apply(x: tf.Tensor): tf.Scalar {
    return this.penalty.value(x);
  }

  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new (cls as unknown as new (a: L2L0PenaltyArgs) => T)(config as unknown as L2L0PenaltyArgs);
  }

  getConfig(): tf.serialization.ConfigDict {
    return this.penalty.getConfig();
  }
}
tf.serialization.registerClass(L2L0);

/** Combined ℓ2 + ℓ0-approximation regularizer, for `kernelRegularizer` and friends. */
export function l2l0Regularizer(args: L2L0PenaltyArgs): L2L0 {
  return new L2L0(args);
}
