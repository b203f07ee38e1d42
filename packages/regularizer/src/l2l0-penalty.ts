import * as tf from '@tensorflow/tfjs-core';
import { L0Penalty } from './l0-penalty.js';
import { L2Penalty } from './l2-penalty.js';
import type { Penalty } from './penalty.js';
import { checkAlpha } from './validate.js';
import { addAttraction, type AttractionTerms } from './attraction-kernel.js';

export interface L2L0PenaltyArgs {
  /** ℓ2 factor α₂ ≥ 0: fights overfitting. */
  alphaL2: number;
  /** ℓ0 factor α₀ ≥ 0: pulls small weights to zero. */
  alphaL0: number;
  /** Sharpness β > 0 of the ℓ0 approximation. */
  beta: number;
}

/** α₂Σw² + α₀Σ(1 − e^{−β|w|}), whose gradient gives the zero-attraction terms of eq. 17. */
export class L2L0Penalty implements Penalty {
  readonly kind = 'l2l0';
  readonly l2: L2Penalty;
  readonly l0: L0Penalty;

  constructor(args: L2L0PenaltyArgs) {
    // Validate under the user's parameter names before the parts check their own `alpha`.
    const alphaL2 = checkAlpha(args?.alphaL2, 'alphaL2', 'l2l0 penalty');
    const alphaL0 = checkAlpha(args?.alphaL0, 'alphaL0', 'l2l0 penalty');
    this.l2 = new L2Penalty({ alpha: alphaL2 });
    this.l0 = new L0Penalty({ alpha: alphaL0, beta: args?.beta });
  }

  get alphaL2(): number {
    return this.l2.alpha;
  }
  get alphaL0(): number {
    return this.l0.alpha;
  }
  get beta(): number {
    return this.l0.beta;
  }

  value(w: tf.Tensor): tf.Scalar {
    return tf.tidy(() => tf.add(this.l2.value(w), this.l0.value(w)));
  }

  /** Eq. 17's attraction: 2α₂w + α₀β·sign(w)·e^{−β|w|}. */
  get terms(): AttractionTerms {
    return { linear: this.l2.terms.linear, signed: this.l0.terms.signed, beta: this.beta };
  }

  gradient(w: tf.Tensor): tf.Tensor {
    return addAttraction(undefined, w, this.terms);
  }

  scaled(factor: number): L2L0Penalty {
    return new L2L0Penalty({ alphaL2: this.alphaL2 * factor, alphaL0: this.alphaL0 * factor, beta: this.beta });
  }

  getConfig(): { alphaL2: number; alphaL0: number; beta: number } {
    return { alphaL2: this.alphaL2, alphaL0: this.alphaL0, beta: this.beta };
  }
}
