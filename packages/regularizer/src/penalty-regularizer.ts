import type * as tf from '@tensorflow/tfjs-core';
import type { Penalty } from './penalty.js';
import { RegularizerBase } from './tfjs-regularizer.js';

/**
 * A tfjs Regularizer that adds a penalty's value to the loss (the coupled adapter of a
 * penalty). Subclasses only build their penalty from their config; config = the penalty's
 * numbers, so saved models restore through `fromConfig`.
 */
export abstract class PenaltyRegularizer<P extends Penalty, Args> extends RegularizerBase {
  readonly penalty: P;

  constructor(args: Args, makePenalty: (args: Args) => P) {
    super();
    this.penalty = makePenalty(args);
  }

  apply(x: tf.Tensor): tf.Scalar {
    return this.penalty.value(x);
  }

  getConfig(): tf.serialization.ConfigDict {
    return this.penalty.getConfig();
  }

  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new (cls as unknown as new (args: unknown) => T)(config);
  }
}
