import { describeValue } from '@l0prune/core';
import { checkAlpha, checkBeta, checkPositive } from './validate.js';

/** The norms compared in Table 1. */
export type AttractionNorm = 'l2' | 'l1' | 'l0';

export interface AttractionParams {
  /** Learning rate η > 0. */
  eta: number;
  /** Penalty factor α ≥ 0. */
  alpha: number;
  /** β > 0, for the ℓ0 norm only. */
  beta?: number;
}

function params(norm: AttractionNorm, p: AttractionParams, who: string) {
  const eta = checkPositive(p?.eta, 'eta', who);
  const alpha = checkAlpha(p?.alpha, 'alpha', who);
  const beta = norm === 'l0' ? checkBeta(p?.beta, who) : 0;
  if (norm !== 'l0' && norm !== 'l1' && norm !== 'l2') {
    throw new RangeError(`${who}: norm must be 'l2', 'l1' or 'l0', got ${describeValue(norm)}`);
  }
  return { eta, alpha, beta };
}

/**
 * Table 1, first row: the change a weight w receives from the penalty alone in one step
 * (−2ηαw, −ηα·sign(w), −ηαβ·sign(w)·e^{−β|w|}).
 */
export function zeroAttractionTerm(norm: AttractionNorm, w: number, p: AttractionParams): number {
  const { eta, alpha, beta } = params(norm, p, 'zeroAttractionTerm');
  switch (norm) {
    case 'l2':
      return -2 * eta * alpha * w;
    case 'l1':
      return -eta * alpha * Math.sign(w);
    case 'l0':
      return -eta * alpha * beta * Math.sign(w) * Math.exp(-beta * Math.abs(w));
  }
}

/**
 * Table 1, second row (eq. 15 for ℓ0): λ = w⁺/w under the zero attraction alone.
 * |λ| < 1 shrinks the weight; λ < −1 makes it oscillate around zero with growing magnitude.
 */
export function scalingFactor(norm: AttractionNorm, w: number, p: AttractionParams): number {
  if (w === 0) throw new RangeError('scalingFactor: w must be nonzero (λ = w⁺/w)');
  return 1 + zeroAttractionTerm(norm, w, p) / w;
}

/**
 * Table 1, third row (eq. 16 for ℓ0): the largest α for which |λ| < 1 at weight magnitude |w|
 * (1/η for ℓ2, 2|w|/η for ℓ1, 2|w|/(ηβe^{−β|w|}) for ℓ0). `alpha` in `p` is ignored.
 */
export function alphaUpperBound(norm: AttractionNorm, w: number, p: Omit<AttractionParams, 'alpha'>): number {
  const { eta, beta } = params(norm, { ...p, alpha: 0 }, 'alphaUpperBound');
  const m = Math.abs(w);
  switch (norm) {
    case 'l2':
      return 1 / eta;
    case 'l1':
      return (2 * m) / eta;
    case 'l0':
      return (2 * m) / (eta * beta * Math.exp(-beta * m));
  }
}
