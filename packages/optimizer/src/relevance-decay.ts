import { checkNumber } from '@l0prune/core';
import { describeValue } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import type { AttractionRule, PendingUpdate } from './penalty-spec.js';

/** How a weight's sensitivity S is read from its loss gradient. */
export type Sensitivity = 'gradient' | 'normalized';

export const SENSITIVITIES: readonly Sensitivity[] = ['gradient', 'normalized'];

/**
 * Relevance-gated selective weight decay (Bonetta et al. 2022), with the exact rule of its
 * published relative LOBSTER (Tartaglione et al. 2020), applied to the weights after the
 * ordinary step:  w ← w − λ·w·max(0, 1 − S),  S = |∂J/∂w|  (or |∂J/∂w| / max|∂J/∂w| over the
 * tensor with `normalized`). Weights the loss is sensitive to (S ≥ 1) get the classic update
 * only; the others shrink towards zero, the less relevant the more.
 */
export class RelevanceDecay implements AttractionRule {
  readonly kind = 'relevance';
  readonly lambda: number;
  readonly sensitivity: Sensitivity;

  constructor(args: { lambda: number }, sensitivity: Sensitivity = 'gradient') {
    const lambda = checkNumber(args?.lambda, 'relevance decay: lambda', {
      min: 0,
      max: 1,
      hint: 'the largest fraction of a weight removed per step',
    });
    if (!SENSITIVITIES.includes(sensitivity)) {
      throw new RangeError(
        `relevance decay: sensitivity must be one of ${SENSITIVITIES.join(', ')}, got ${describeValue(sensitivity)}`,
      );
    }
    this.lambda = lambda;
    this.sensitivity = sensitivity;
  }

  /** The factor 1 − λ·max(0, 1 − S) that multiplies the post-step weights. */
  factor(gradient: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      let s = tf.abs(gradient);
      if (this.sensitivity === 'normalized') {
        // S = |g| / max|g|; an all-zero gradient (a fully masked tensor) leaves S = 0.
        const max = tf.max(s);
        s = tf.divNoNan(s, max);
      }
      return tf.sub(1, tf.mul(this.lambda, tf.relu(tf.sub(1, s))));
    });
  }

  /** Applied to the post-step weights: w ← w·factor. */
  pending(_variable: tf.Variable, gradient: tf.Tensor): PendingUpdate {
    return { tensor: this.factor(gradient), how: 'multiply' };
  }

  getConfig(): { lambda: number } {
    return { lambda: this.lambda };
  }
}
