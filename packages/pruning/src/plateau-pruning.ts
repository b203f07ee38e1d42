import { checkNumber } from '@l0prune/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { findMasked } from './find-masked.js';
import { prune, type PruneOptions, type PruneResult } from './prune.js';
import type { Pruner } from './pruner.js';

export interface PlateauPruningOptions extends PruneOptions {
  /** Prunes at each plateau; LOBSTER uses `thresholdBisection`. Called without a target. */
  pruner: Pruner;
  /** The quantity whose plateau triggers pruning, read at every epoch end (e.g. `validationLoss(x, y)`). */
  monitor: (model: tfl.LayersModel) => number;
  /** Epochs without relative improvement > minDelta before pruning. Default 2. */
  patience?: number;
  /** Relative decrease of the monitored value that counts as progress. Default 0.001. */
  minDelta?: number;
  /** Stop training once a pruning step removes nothing (the procedure's end). Default true. */
  stopWhenDone?: boolean;
  /** Called after each pruning step. */
  onPrune?: (epoch: number, result: PruneResult) => void;
}

/**
 * LOBSTER's schedule (Tartaglione et al. 2020): train until the monitored loss plateaus, prune
 * (the pruner picks how much), hand the masks to the model's MaskedOptimizer, and repeat until
 * a pruning step finds nothing to remove. Compile the model with `maskedOptimizer(…)`.
 */
export class PlateauPruning extends tfl.Callback {
  readonly options: Required<Pick<PlateauPruningOptions, 'patience' | 'minDelta' | 'stopWhenDone'>> &
    PlateauPruningOptions;
  /** Pruning steps taken, and whether the last one removed nothing. */
  steps = 0;
  done = false;
  lastResult?: PruneResult;
  private best = Infinity;
  private wait = 0;

  constructor(options: PlateauPruningOptions) {
    super();
    if (options?.pruner == null || typeof options.pruner.computeMasks !== 'function')
      throw new TypeError('plateauPruning: pruner is required');
    if (typeof options.monitor !== 'function')
      throw new TypeError(
        'plateauPruning: monitor is required, a function (model) => number such as validationLoss(x, y)',
      );
    const patience = checkNumber(options.patience ?? 2, 'plateauPruning: patience', {
      integer: true,
      min: 1,
      hint: 'epochs',
    });
    const minDelta = checkNumber(options.minDelta ?? 1e-3, 'plateauPruning: minDelta', { min: 0, below: 1 });
    this.options = { ...options, patience, minDelta, stopWhenDone: options.stopWhenDone ?? true };
  }

  override async onTrainBegin(): Promise<void> {
    if (!findMasked(this.model.optimizer)) {
      throw new Error('plateauPruning: compile the model with maskedOptimizer(…) so masks hold between pruning steps');
    }
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    if (this.done) return;
    const value = this.options.monitor(this.model);
    if (value < this.best * (1 - this.options.minDelta)) {
      this.best = value;
      this.wait = 0;
      return;
    }
    if (++this.wait < this.options.patience) return;
    const { pruner, monitor: _m, patience: _p, minDelta: _d, stopWhenDone, onPrune, ...pruneOptions } = this.options;
    const result = prune(this.model, pruner, undefined, pruneOptions);
    findMasked(this.model.optimizer)!.setMasks(result.masks);
    this.steps++;
    this.lastResult = result;
    onPrune?.(epoch, result);
    // A plateau starts over from the pruned model's loss.
    this.best = this.options.monitor(this.model);
    this.wait = 0;
    if (result.report.nonzeroBefore === result.report.nonzero) {
      this.done = true;
      if (stopWhenDone) this.model.stopTraining = true;
    }
  }
}

export function plateauPruning(options: PlateauPruningOptions): PlateauPruning {
  return new PlateauPruning(options);
}
