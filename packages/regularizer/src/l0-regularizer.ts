import * as tf from '@tensorflow/tfjs-core';
import { L0Penalty, type L0PenaltyArgs } from './l0-penalty.js';
import { RegularizerBase } from './tfjs-regularizer.js';

/**
 * tfjs Regularizer adding α·Σ(1 − e^{−β|w|}) (eq. 11) to the loss: autodiff gives the
 * gradient of eq. 13. Registered as `L0` so models using it save and load.
 */
export class L0 extends RegularizerBase {
  static readonly className = 'L0';
  readonly penalty: L0Penalty;

  constructor(args: L0PenaltyArgs) {
    super();
    this.penalty = new L0Penalty(args);
  }

  apply(x: tf.Tensor): tf.Scalar {
    return this.penalty.value(x);
  }

  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new (cls as unknown as new (a: L0PenaltyArgs) => T)(config as unknown as L0PenaltyArgs);
  }

  getConfig(): tf.serialization.ConfigDict {
    return this.penalty.getConfig();
  }
}
tf.serialization.registerClass(L0);

/** ℓ0-approximation regularizer α·Σ(1 − e^{−β|w|}), for `kernelRegularizer` and friends. */
export function l0Regularizer(args: L0PenaltyArgs): L0 {
  return new L0(args);
}
