import { checkNumber } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { countNonzero } from '@l0prune/core';
import { modelVariables, type Masks } from './masks.js';
import { emptyLayers } from './prune.js';
import { requireLayersModel, type PrunableTensor, type Pruner, type PruneRequest } from './pruner.js';
import { masksDroppingSmallest, selectSmallest } from './select-smallest.js';

export interface ThresholdBisectionOptions {
  /**
   * The loss to keep within tolerance (LOBSTER: the validation loss), evaluated on the model
   * as pruned for each candidate threshold. `validationLoss(x, y)` makes one from data.
   */
  validationLoss: (model: LayersModel) => number;
  /** A threshold is accepted while loss ≤ (1 + tolerance) · the loss before pruning. Default 0.05. */
  tolerance?: number;
  /** Stop bisecting when the bracket holds fewer than this fraction of the nonzero weights. Default 0.001. */
  resolution?: number;
}

/** What the last search did, for logs and reports. */
export interface BisectionSearch {
  lossBefore: number;
  lossAfter: number;
  /** |w| at the accepted threshold (weights at or below it, by position among ties, are removed). */
  threshold: number;
  removed: number;
  evaluations: number;
}

/**
 * LOBSTER's pruning step (Tartaglione et al. 2020, used for Bonetta et al.'s relevance method):
 * the largest global magnitude threshold whose loss stays within `tolerance` of the current
 * loss, found by bisection. The search runs over the number of weights removed (smallest |w|
 * first), which orders thresholds exactly and ends in ⌈log₂(1/resolution)⌉ + 2 evaluations.
 * It needs no target; given one (`prune(…, { compressionRatio })`), it never goes past it. A
 * threshold that would remove every weight of a layer is never accepted.
 */
export class ThresholdBisectionPruner implements Pruner {
  readonly name = 'threshold-bisection';
  readonly tolerance: number;
  readonly resolution: number;
  private readonly validationLoss: (model: LayersModel) => number;
  lastSearch?: BisectionSearch;

  constructor(options: ThresholdBisectionOptions) {
    if (typeof options?.validationLoss !== 'function') {
      throw new TypeError(
        'thresholdBisection: validationLoss is required, a function (model) => number (see validationLoss(x, y))',
      );
    }
    const tolerance = checkNumber(options.tolerance ?? 0.05, 'thresholdBisection: tolerance', {
      min: 0,
      hint: 'relative loss increase',
    });
    const resolution = checkNumber(options.resolution ?? 0.001, 'thresholdBisection: resolution', {
      above: 0,
      below: 1,
    });
    this.validationLoss = options.validationLoss;
    this.tolerance = tolerance;
    this.resolution = resolution;
  }

  computeMasks(weights: readonly PrunableTensor[], request: PruneRequest): Masks {
    const arrays = weights.map((w) => w.values);
    const nonzero = arrays.reduce((s, a) => s + countNonzero(a), 0);
    const zeros = arrays.reduce((s, a) => s + a.length, 0) - nonzero;
    const maxRemove = Math.max(0, nonzero - Math.max(request.keep ?? 1, 1));
    const model = requireLayersModel(request, 'thresholdBisection');
    const variables = modelVariables(model);
    const masksFor = (removed: number) => {
      const count = zeros + removed;
      const selection = selectSmallest(arrays, count);
      return { selection, masks: masksDroppingSmallest(arrays, selection, count) };
    };
    const setWeights = (masks: Uint8Array[] | undefined) =>
      weights.forEach((w, i) => {
        const values = masks ? w.values.map((v, j) => (masks[i][j] ? v : 0)) : w.values;
        tf.tidy(() => variables.get(w.name)!.assign(tf.tensor(values, w.shape as number[], 'float32')));
      });
    const lossBefore = this.validationLoss(model);
    const limit = lossBefore * (1 + this.tolerance);
    let evaluations = 1;
    let lossAfter = lossBefore;
    const accepts = (removed: number): boolean => {
      const { masks } = masksFor(removed);
      if (emptyLayers(weights, masks).length > 0) return false; // a cut network is never "within tolerance"
      setWeights(masks);
      const loss = this.validationLoss(model);
      evaluations++;
      if (loss <= limit) lossAfter = loss;
      return loss <= limit;
    };
    let removed = 0;
    try {
      if (maxRemove > 0 && accepts(maxRemove)) removed = maxRemove;
      else {
        // Invariant: `low` is accepted, `high` is not.
        let [low, high] = [0, maxRemove];
        const step = Math.max(1, Math.ceil(nonzero * this.resolution));
        while (high - low > step) {
          const mid = Math.floor((low + high) / 2);
          if (accepts(mid)) low = mid;
          else high = mid;
        }
        removed = low;
      }
    } finally {
      setWeights(undefined); // `prune` applies the chosen masks itself
    }
    if (removed === 0) lossAfter = lossBefore;
    const { selection, masks } = masksFor(removed);
    this.lastSearch = { lossBefore, lossAfter, threshold: removed > 0 ? selection.threshold : 0, removed, evaluations };
    return new Map(weights.map((w, i) => [w.name, { shape: w.shape, values: masks[i] }]));
  }
}

export function thresholdBisection(options: ThresholdBisectionOptions): ThresholdBisectionPruner {
  return new ThresholdBisectionPruner(options);
}

/**
 * The model's compiled loss on (x, y), as `thresholdBisection` and `plateauPruning` want it.
 * The model must be compiled.
 */
export function validationLoss(
  x: tf.Tensor,
  y: tf.Tensor,
  options: { batchSize?: number } = {},
): (model: LayersModel) => number {
  return (model) => {
    if (!model.loss) throw new Error('validationLoss: compile the model first (its loss function is used)');
    const result = model.evaluate(x, y, { batchSize: options.batchSize ?? 1000 });
    const scalars = Array.isArray(result) ? result : [result];
    const loss = scalars[0].dataSync()[0];
    tf.dispose(scalars);
    return loss;
  };
}
