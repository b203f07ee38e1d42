import * as tf from '@tensorflow/tfjs-core';
import type { Penalty } from './penalty.js';
import { checkAlpha, checkBeta } from './validate.js';
import { addAttraction, type AttractionTerms } from './attraction-kernel.js';

export interface L0PenaltyArgs {
  /** Penalty factor α ≥ 0. */
  alpha: number;
  /** Sharpness β > 0 of the approximation (the paper uses β ≥ 1, typically 5–10). */
  beta: number;
}

/** α·Σ(1 − e^{−β|w|}) (eq. 11) with gradient αβ·sign(w)·e^{−β|w|} (eq. 13). */
export class L0Penalty implements Penalty {
  readonly kind = 'l0';
  readonly alpha: number;
  readonly beta: number;

  constructor(args: L0PenaltyArgs) {
    this.alpha = checkAlpha(args?.alpha, 'alpha', 'l0 penalty');
    this.beta = checkBeta(args?.beta, 'l0 penalty');
  }

  value(w: tf.Tensor): tf.Scalar {
    return tf.tidy(() => tf.mul(this.alpha, tf.sum(tf.sub(1, tf.exp(tf.mul(-this.beta, tf.abs(w)))))));
  }

  /** Eq. 13: αβ·sign(w)·e^{−β|w|}. */
  get terms(): AttractionTerms {
    return { linear: 0, signed: this.alpha * this.beta, beta: this.beta };
  }

  gradient(w: tf.Tensor): tf.Tensor {
    return addAttraction(undefined, w, this.terms);
  }

  scaled(factor: number): L0Penalty {
    return new L0Penalty({ alpha: this.alpha * factor, beta: this.beta });
  }

  getConfig(): { alpha: number; beta: number } {
    return { alpha: this.alpha, beta: this.beta };
  }
}
