import * as tf from '@tensorflow/tfjs-core';
import type { Penalty } from './penalty.js';
import { checkAlpha } from './validate.js';
import { addAttraction, type AttractionTerms } from './attraction-kernel.js';

/** α·Σw², gradient 2αw (eq. 4–5): weight decay, weaker as w → 0. */
export class L2Penalty implements Penalty {
  readonly kind = 'l2';
  readonly alpha: number;

  constructor(args: { alpha: number }) {
    this.alpha = checkAlpha(args?.alpha, 'alpha', 'l2 penalty');
  }

  value(w: tf.Tensor): tf.Scalar {
    return tf.tidy(() => tf.mul(this.alpha, tf.sum(tf.square(w))));
  }

  get terms(): AttractionTerms {
    return { linear: 2 * this.alpha, signed: 0, beta: 0 };
  }

  gradient(w: tf.Tensor): tf.Tensor {
    return addAttraction(undefined, w, this.terms);
  }

  scaled(factor: number): L2Penalty {
    return new L2Penalty({ alpha: this.alpha * factor });
  }

  getConfig(): { alpha: number } {
    return { alpha: this.alpha };
  }
}
