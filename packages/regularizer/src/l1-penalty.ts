import * as tf from '@tensorflow/tfjs-core';
import type { Penalty } from './penalty.js';
import { checkAlpha } from './validate.js';

/** α·Σ|w|, gradient α·sign(w) (eq. 6–7): a steady pull towards zero. */
export class L1Penalty implements Penalty {
  readonly kind = 'l1';
  readonly alpha: number;

  constructor(args: { alpha: number }) {
    this.alpha = checkAlpha(args?.alpha, 'alpha', 'l1 penalty');
  }

  value(w: tf.Tensor): tf.Scalar {
    return tf.tidy(() => tf.mul(this.alpha, tf.sum(tf.abs(w))));
  }

  gradient(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(this.alpha, tf.sign(w)));
  }

  scaled(factor: number): L1Penalty {
    return new L1Penalty({ alpha: this.alpha * factor });
  }

  getConfig(): { alpha: number } {
    return { alpha: this.alpha };
  }
}
