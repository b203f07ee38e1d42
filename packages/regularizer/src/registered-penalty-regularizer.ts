import * as tf from '@tensorflow/tfjs-core';
import type { Penalty } from './penalty.js';
import { createPenalty, penaltyDefinition } from './penalty-registry.js';
import { RegularizerBase } from './tfjs-regularizer.js';

/**
 * A tfjs Regularizer for any registered penalty (the coupled adapter): adds Ω(w) to the loss.
 * Its config is `{ penalty: name, …parameters }`, so a saved model restores it as long as the
 * penalty is registered before loading.
 */
export class RegisteredPenalty extends RegularizerBase {
  static readonly className = 'RegisteredPenalty';
  readonly name: string;
  readonly penalty: Penalty;

  constructor(args: { penalty: string } & Record<string, unknown>) {
    super();
    const { penalty: name, ...params } = args ?? ({} as { penalty: string });
    this.name = name;
    this.penalty = createPenalty(name, params, `penaltyRegularizer('${String(name)}')`);
  }

  apply(x: tf.Tensor): tf.Scalar {
    return this.penalty.value(x);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { penalty: this.name, ...this.penalty.getConfig() };
  }

  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    // tfjs adds its own keys (customObjects) to the config it hands back: keep the penalty's.
    const name = config.penalty as string;
    const params = Object.fromEntries(
      penaltyDefinition(name, 'RegisteredPenalty.fromConfig').parameters.map((k) => [k, config[k]]),
    );
    return new (cls as unknown as new (args: unknown) => T)({ ...params, penalty: name });
  }
}
tf.serialization.registerClass(RegisteredPenalty);

/** `kernelRegularizer: penaltyRegularizer('logsum', { alpha: 1e-4, epsilon: 0.01 })` for a registered penalty. */
export function penaltyRegularizer(name: string, params: Record<string, number>): RegisteredPenalty {
  return new RegisteredPenalty({ ...params, penalty: name });
}
