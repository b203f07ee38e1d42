import * as tfl from '@tensorflow/tfjs-layers';
import { findMasked } from './find-masked.js';
import { prune, type PruneOptions, type PruneResult } from './prune.js';
import type { Pruner } from './pruner.js';
import type { PruningSchedule } from './schedule.js';

export interface GradualPruningOptions extends PruneOptions {
  pruner: Pruner;
  schedule: PruningSchedule;
  /** Called after each pruning step with its result. */
  onPrune?: (step: number, result: PruneResult) => void;
}

/**
 * A tfjs callback that prunes on a schedule during `fit`/`fitDataset` (tfmot's UpdatePruningStep):
 * at each scheduled step it prunes to the schedule's sparsity and hands the masks to the
 * model's MaskedOptimizer, which holds them until the next pruning step. Compile the model
 * with `maskedOptimizer(…)`.
 */
export class GradualPruning extends tfl.Callback {
  readonly options: GradualPruningOptions;
  /** Batches seen since the callback was created: the schedule's step. */
  step = 0;
  lastResult?: PruneResult;

  constructor(options: GradualPruningOptions) {
    super();
    if (options?.pruner == null || typeof options.pruner.computeMasks !== 'function')
      throw new TypeError('gradualPruning: pruner is required');
    if (options.schedule == null || typeof options.schedule.sparsityAt !== 'function')
      throw new TypeError('gradualPruning: schedule is required (oneShot or polynomialDecay)');
    if (options.pruner.takesTarget === false) {
      throw new RangeError(
        `gradualPruning: pruner '${options.pruner.name}' carries its own target and would ignore the schedule's sparsity; ` +
          'use an unstructured pruner (globalMagnitude, layerwiseMagnitude, randomPruning), or call prune(model, ' +
          'pruner) once',
      );
    }
    this.options = options;
  }

  override async onTrainBegin(): Promise<void> {
    if (!findMasked(this.model.optimizer)) {
      throw new Error('gradualPruning: compile the model with maskedOptimizer(…) so masks hold between pruning steps');
    }
  }

  override async onBatchBegin(): Promise<void> {
    const sparsity = this.options.schedule.sparsityAt(this.step);
    if (sparsity !== undefined) {
      const { pruner, schedule: _s, onPrune, ...pruneOptions } = this.options;
      const result = prune(this.model, pruner, { sparsity }, pruneOptions);
      findMasked(this.model.optimizer)!.setMasks(result.masks);
      this.lastResult = result;
      onPrune?.(this.step, result);
    }
  }

  override async onBatchEnd(): Promise<void> {
    this.step++;
  }
}

export function gradualPruning(options: GradualPruningOptions): GradualPruning {
  return new GradualPruning(options);
}
