import { MaskedOptimizer } from './masked-optimizer.js';

/** Finds the MaskedOptimizer in a chain of wrappers (`maskedOptimizer(l2l0Optimizer(…))` or the reverse). */
export function findMasked(optimizer: unknown): MaskedOptimizer | undefined {
  // Not `instanceof`: tf.Optimizer's Symbol.hasInstance says yes for any optimizer.
  for (let o = optimizer; o != null; o = (o as { inner?: unknown }).inner) {
    if (Object.prototype.isPrototypeOf.call(MaskedOptimizer.prototype, o as object)) return o as MaskedOptimizer;
  }
  return undefined;
}
