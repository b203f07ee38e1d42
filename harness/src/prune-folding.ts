import { countParameters } from '@l0prune/core';
import { foldDeadUnits, type Masks, type Pruner, prune } from '@l0prune/pruning';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export interface FoldedPruning {
  /** Prune's masks with the cleared biases and weights of the dead units: FT's masks. */
  masks: Masks;
  /** The ratio asked of the pruner: below the target by what folding frees. */
  prunedAt: number;
  /** Nonzero parameters of the folded model (at most all / target). */
  nonzero: number;
  /** Layers `foldDeadUnits` left alone, and why. */
  ineligible: Record<string, string>;
}

/** Steps of the bisection on the pruner's ratio: its bracket [1, target] narrows to a factor of target^(2^-20). */
const STEPS = 20;

/**
 * Prunes to `target` as the folded model counts it: GP at a ratio below the target, then `foldDeadUnits`, so the
 * budget of nonzeros (all parameters / target, biases counted) goes to weights that reach the output instead of
 * biases and weights of units nothing reads. The pruner's ratio is the lowest (most weights kept) whose folded model
 * is within the budget, found by bisection from the trained weights; the model is left pruned and folded there.
 */
export function pruneFolding(
  model: LayersModel,
  pruner: Pruner,
  target: number,
  trained: readonly tf.Tensor[],
): FoldedPruning {
  const budget = countParameters(model).total / target;
  const attempt = (ratio: number) => {
    model.setWeights(trained as tf.Tensor[]);
    const pruned = prune(model, pruner, { compressionRatio: ratio });
    const folded = foldDeadUnits(model);
    const masks: Masks = new Map(pruned.masks);
    for (const [name, mask] of folded.masks) {
      const kept = masks.get(name);
      masks.set(name, kept ? { shape: mask.shape, values: mask.values.map((m, k) => m & kept.values[k]!) } : mask);
    }
    return { masks, prunedAt: ratio, nonzero: countParameters(model).nonzero, ineligible: folded.ineligible };
  };
  // Folding only removes nonzeros, so the target itself is within budget; 1 (nothing pruned) is not.
  let low = 1;
  let high = target;
  for (let i = 0; i < STEPS; i++) {
    const middle = Math.sqrt(low * high);
    if (attempt(middle).nonzero <= budget) high = middle;
    else low = middle;
  }
  return attempt(high);
}
