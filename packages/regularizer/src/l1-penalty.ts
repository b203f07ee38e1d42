import * as tf from '@tensorflow/tfjs-core';
import type { Penalty } from './penalty.js';
import { checkAlpha } from './validate.js';
import { addAttraction, type AttractionTerms } from './attraction-kernel.js';

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

  get terms(): AttractionTerms {
    return { linear: 0, signed: this.alpha, beta: 0 };
  }

  gradient(w: tf.Tensor): tf.Tensor {
    return addAttraction(undefined, w, this.terms);
  }

  scaled(factor: number): L1Penalty {
    return new L1Penalty({ alpha: this.alpha * factor });
  }

  getConfig(): { alpha: number } {
    return { alpha: this.alpha };
  }
}
