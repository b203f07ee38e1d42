import type { Masks } from './masks.js';
import { requireKeep, type PrunableTensor, type Pruner, type PruneRequest } from './pruner.js';
import { masksDroppingSmallest, selectSmallest } from './select-smallest.js';

/**
 * GP: one magnitude threshold over all of φ (section 4.1). Keeps exactly `keep` weights:
 * the largest |w| of the whole network, ties broken by position. Linear time.
 */
export class GlobalMagnitudePruner implements Pruner {
  readonly name = 'global-magnitude';

  computeMasks(weights: readonly PrunableTensor[], request: PruneRequest): Masks {
    const keep = requireKeep(request, 'globalMagnitude');
    const arrays = weights.map((w) => w.values);
    const total = arrays.reduce((s, a) => s + a.length, 0);
    const drop = total - keep;
    const masks = masksDroppingSmallest(arrays, selectSmallest(arrays, drop), drop);
    return new Map(weights.map((w, i) => [w.name, { shape: w.shape, values: masks[i] }]));
  }
}

export function globalMagnitude(): GlobalMagnitudePruner {
  return new GlobalMagnitudePruner();
}
