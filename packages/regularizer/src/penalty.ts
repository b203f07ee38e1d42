import type * as tf from '@tensorflow/tfjs-core';
import type { AttractionTerms } from './attraction-kernel.js';

/** The built-in penalties; third-party ones are any registered name (see registerPenalty). */
export type PenaltyKind = 'l0' | 'l1' | 'l2' | 'l2l0';

/**
 * A norm penalty Ω(w) as plain math. The coupled adapter (a tfjs Regularizer) adds `value`
 * to the loss; the decoupled adapter (the optimizer wrapper) applies w ← w − η·`gradient`(w),
 * the zero-attraction term of Table 1, after the inner optimizer's step.
 */
export interface Penalty {
  /** The name it is registered under (registerPenalty). */
  readonly kind: string;
  /** Ω(w) summed over the tensor, as a scalar. */
  value(w: tf.Tensor): tf.Scalar;
  /**
   * Where ∂Ω/∂w = linear·w + signed·sign(w)·e^{−β|w|}: the coefficients, for the fused kernel
   * (addAttraction). Penalties of another form leave it out and are stepped with `gradient`.
   */
  readonly terms?: AttractionTerms;
  /** ∂Ω/∂w, elementwise (the zero attraction is −η times this). */
  gradient(w: tf.Tensor): tf.Tensor;
  /**
   * The same penalty with every α multiplied by `factor` (NORM layer-size scaling). Optional for third-party penalties.
   */
  scaled?(factor: number): Penalty;
  /** The penalty's parameters, numbers only. */
  getConfig(): Record<string, number>;
}
