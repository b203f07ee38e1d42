import type { Masks } from './masks.js';
import { requireKeep, type PrunableTensor, type Pruner, type PruneRequest } from './pruner.js';
import { masksDroppingSmallest, selectSmallest } from './select-smallest.js';

/**
 * Splits `keep` over groups in proportion to their sizes (largest remainders get the
 * leftover), so every group ends with the same ratio up to one weight.
 */
export function proportionalShares(sizes: readonly number[], keep: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((n) => (n * keep) / total);
  const shares = exact.map(Math.floor);
  let left = keep - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    shares[i]++;
    left--;
  }
  return shares;
}

/**
 * LP: magnitude pruning inside each layer with the same ratio in every layer (section 4.1);
 * all prunable tensors of a layer (e.g. depthwise + pointwise) form one group.
 */
export class LayerwiseMagnitudePruner implements Pruner {
  readonly name = 'layerwise-magnitude';

  computeMasks(weights: readonly PrunableTensor[], request: PruneRequest): Masks {
    const keep = requireKeep(request, 'layerwiseMagnitude');
    const groups = new Map<string, PrunableTensor[]>();
    for (const w of weights) groups.set(w.layerName, [...(groups.get(w.layerName) ?? []), w]);
    const layers = [...groups.values()];
    const sizes = layers.map((g) => g.reduce((s, w) => s + w.values.length, 0));
    const shares = proportionalShares(sizes, keep);
    const masks: Masks = new Map();
    layers.forEach((group, i) => {
      const arrays = group.map((w) => w.values);
      const drop = sizes[i] - shares[i];
      const layerMasks = masksDroppingSmallest(arrays, selectSmallest(arrays, drop), drop);
      group.forEach((w, j) => masks.set(w.name, { shape: w.shape, values: layerMasks[j] }));
    });
    return masks;
  }
}

export function layerwiseMagnitude(): LayerwiseMagnitudePruner {
  return new LayerwiseMagnitudePruner();
}
