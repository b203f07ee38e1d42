import * as tf from '@tensorflow/tfjs-core';
import { countParameters } from '@l0prune/core';
import { top1Error, type Dataset } from '@l0prune/mnist';
import type { PenaltyParams } from '@l0prune/optimizer';
import { createPruner, maskedOptimizer, type Pruner, prune } from '@l0prune/pruning';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { sparseFileHandler } from '@l0prune/sparse-io';
import { Checkpoint } from './checkpoint.js';
import { fitWithProgress } from './fit.js';
import { checkGradualFtOptions, type GradualFtOptions, gradualFt } from './gradual-ft.js';
import { pruneFolding } from './prune-folding.js';
import { formatValidationError, validationError } from './validation-error.js';
import {
  compile,
  disposeTrained,
  type InnerOptimizer,
  innerOptimizer,
  type PenaltyChoice,
  type Schedule,
  stepDecay,
  trainNetwork,
} from './train.js';

export interface ExperimentOptions {
  model: 'lenet300' | 'lenet5';
  pruner: string;
  epochs: number;
  ftEpochs: number;
  batchSize: number;
  learningRate: number;
  ftLearningRate: number;
  momentum: number;
  /** Training's and FT's inner optimizer (`TrainOptions.optimizer`): momentum SGD (default) or Adam. */
  optimizer?: InnerOptimizer;
  /** The penalty in the loss's gradient, before the inner optimizer (`TrainOptions.coupled`); default decoupled. */
  coupled?: boolean;
  alphaL2: number;
  alphaL0: number;
  beta: number;
  normalize: 'none' | 'layer-size';
  /** NORM scales only these of the penalty's parameters (`TrainOptions.normalizedParameters`); default every α. */
  normalizedParameters?: string[];
  /** Another zero attraction than ℓ2–ℓ0 with alphaL2/alphaL0/beta (Experiment 1); default l2l0. */
  penalty?: PenaltyChoice;
  /** SEP: per-layer overrides of the penalty's parameters, by layer name. */
  layers?: Record<string, Partial<PenaltyParams>>;
  ratios: number[];
  /** Training's learning-rate schedule (default `step`: the last quarter at η/10). */
  schedule?: Schedule;
  /** Best = highest ratio whose validation error is within this many points of the unpruned one. */
  tolerance: number;
  seed: number;
  outDir: string;
  /** FT's last quarter of epochs at a tenth of ftLearningRate (the schedule training uses); default constant. */
  ftLearningRateDecay?: boolean;
  /** FT prunes gradually from about `fromRatio` to each target over its first `epochs` epochs; default at once before FT. */
  gradualFt?: GradualFtOptions;
  /**
   * Count each target as the model keeps it after `foldDeadUnits`: prune at the lowest ratio whose folded model is
   * within the target's budget, so no nonzero is spent on units nothing reads (`pruneFolding`). FT holds the folded
   * units dead. One-shot pruning only (not with gradualFt). Default false: the budget as the pruner spends it.
   */
  foldDeadUnits?: boolean;
  /** Write a checkpoint after every training epoch and sweep row here, and resume from it. */
  checkpointDir?: string;
  /**
   * Where the training checkpoint lives, if not in checkpointDir: runs that train the same network
   * and differ only in their sweep (ratios, FT) share one trained network.
   */
  trainingCheckpointDir?: string;
  /** Train from the network in this checkpoint directory instead of a random one (`TrainOptions.warmStart`). */
  warmStart?: string;
  /** Threads per training and FT step (`dataParallel` of @l0prune/backend): a number or 'auto'; default 1. */
  threads?: number | 'auto';
  /** Slices per batch (`DataParallelOptions.shards`): the figures depend on it, never on `threads`; default `threads`. */
  shards?: number;
  /**
   * Off-paper: training and FT on images moved by a random whole-pixel shift up to this many pixels each way
   * (`FitOptions.augmentShift`, 1…9); default none, as the paper.
   */
  augmentShift?: number;
  /** Also save every fine-tuned model as `<outDir>/models/<model>-<ratio>x.l0s`. */
  saveAllModels?: boolean;
}

export interface RatioResult {
  targetRatio: number;
  /** all parameters / nonzero parameters, biases counted in both */
  compressionRatio: number;
  nonzero: number;
  /** With `foldDeadUnits`: the ratio the pruner was asked for, below the target by what folding freed. */
  prunedAt?: number;
  errorNoFt: number;
  /** null when nothing was held out (`validationSize: 0`) */
  validationError: number | null;
  testError: number;
  /** pruning, fine-tuning and evaluation time of this row */
  seconds: number;
}

export interface ExperimentResult {
  options: Omit<ExperimentOptions, 'outDir'>;
  parameters: number;
  baseline: { validationError: number | null; testError: number };
  rows: RatioResult[];
  /** Chosen on the validation images; none without them. */
  best?: RatioResult & { file: string; fileBytes: number };
  seconds: { train: number; sweep: number };
}

/**
 * Trains with the ℓ2–ℓ0 optimizer (eq. 17 around momentum SGD; or `penalty`), then for each target
 * compression ratio: restore the trained weights, prune, fine-tune with the pruned weights held
 * at zero, evaluate. The best model is saved as a sparse file.
 */
export async function runExperiment(data: Dataset, o: ExperimentOptions): Promise<ExperimentResult> {
  const penalty: PenaltyChoice = o.penalty ?? { kind: 'l2l0', alphaL2: o.alphaL2, alphaL0: o.alphaL0, beta: o.beta };
  const pruner = createPruner(o.pruner, o.pruner === 'random' || o.pruner === 'rp' ? { seed: o.seed } : {});
  const checkpoint = o.checkpointDir ? new Checkpoint(o.checkpointDir) : undefined;
  if (o.gradualFt) for (const target of o.ratios) checkGradualFtOptions(o.gradualFt, target, o.ftEpochs);
  if (o.gradualFt && o.foldDeadUnits)
    throw new Error(
      'runExperiment: foldDeadUnits needs one-shot pruning (its budget is set before FT), not gradualFt; drop one',
    );
  if (data.validation.size === 0 && !o.saveAllModels)
    throw new Error(
      'runExperiment: no validation images (validationSize 0), so no best model can be chosen and none would be ' +
        'saved; pass saveAllModels: true to keep every fine-tuned model, or hold out images for validation',
    );
  const {
    model,
    baseline,
    seconds: trainSeconds,
  } = await trainNetwork(data, { ...o, penalty, checkpointDir: o.trainingCheckpointDir ?? o.checkpointDir });
  const parameters = countParameters(model).total;

  const trained = model.getWeights().map((w) => w.clone());
  const rows: RatioResult[] = (await checkpoint?.restoreSweep()) ?? [];
  let best: ExperimentResult['best'];
  for (const target of o.ratios) {
    if (rows.some((r) => r.targetRatio === target)) continue; // done before a restart
    const t1 = Date.now();
    model.setWeights(trained);
    const { masks, pruned, prunedAt } = o.foldDeadUnits
      ? foldedPrune(model, pruner, target, trained)
      : plainPrune(model, pruner, target);
    const errorNoFt = top1Error(model, data.test);
    // Gradual FT starts again from the trained weights; its callback prunes to `masks`' sparsity by the end.
    const gradual = o.gradualFt
      ? gradualFt(o.gradualFt, {
          pruner,
          targetRatio: target,
          targetMasks: masks,
          ftEpochs: o.ftEpochs,
          batchesPerEpoch: Math.ceil(data.train.size / o.batchSize),
        })
      : undefined;
    if (gradual) model.setWeights(trained);
    compile(
      model,
      maskedOptimizer(innerOptimizer(o.optimizer, o.ftLearningRate, o.momentum), gradual ? new Map() : masks),
    );
    await fitWithProgress(model, data.train, {
      callbacks: gradual ? [gradual] : undefined,
      epochs: o.ftEpochs,
      batchSize: o.batchSize,
      seed: o.seed + 17,
      label: `FT ${target}×`,
      learningRateAt: o.ftLearningRateDecay ? stepDecay(o.ftLearningRate, o.ftEpochs) : undefined,
      threads: o.threads,
      shards: o.shards,
      augmentShift: o.augmentShift,
    });
    const counts = countParameters(model);
    const row: RatioResult = {
      targetRatio: target,
      compressionRatio: counts.compressionRatio,
      nonzero: counts.nonzero,
      ...(prunedAt === undefined ? {} : { prunedAt }),
      errorNoFt,
      validationError: validationError(model, data),
      testError: top1Error(model, data.test),
      seconds: (Date.now() - t1) / 1000,
    };
    rows.push(row);
    console.log(
      `${target}×: ${pruned} → ratio ${row.compressionRatio.toFixed(1)}×, test error ` +
        `${errorNoFt.toFixed(2)}% before FT, ${row.testError.toFixed(2)}% after ` +
        `(${formatValidationError(row.validationError)})`,
    );
    if (o.saveAllModels) await model.save(sparseFileHandler(`${o.outDir}/models/${o.model}-${target}x.l0s`));
    await checkpoint?.saveSweep(rows);
    // The best model is chosen on held-out images only; without them (validationSize 0) there is none.
    if (
      row.validationError !== null &&
      baseline.validationError !== null &&
      row.validationError <= baseline.validationError + o.tolerance &&
      (!best || row.compressionRatio > best.compressionRatio)
    ) {
      const file = `${o.outDir}/best.l0s`;
      const saved = await model.save(sparseFileHandler(file));
      best = {
        ...row,
        file,
        fileBytes: (saved.modelArtifactsInfo as unknown as { sparseFileBytes: number }).sparseFileBytes,
      };
    }
  }
  tf.dispose(trained);
  disposeTrained(model);
  const { outDir: _out, ...options } = o;
  return {
    options,
    parameters,
    baseline,
    rows,
    best,
    seconds: { train: trainSeconds, sweep: rows.reduce((total, r) => total + (r.seconds ?? 0), 0) },
  };
}

/** One-shot pruning to the target, and what it kept (for the log). */
function plainPrune(model: LayersModel, pruner: Pruner, target: number) {
  const { masks, report } = prune(model, pruner, { compressionRatio: target });
  return { masks, pruned: `${report.nonzero} nonzero`, prunedAt: undefined };
}

function foldedPrune(model: LayersModel, pruner: Pruner, target: number, trained: tf.Tensor[]) {
  const { masks, prunedAt, nonzero, ineligible } = pruneFolding(model, pruner, target, trained);
  const left = Object.entries(ineligible).map(([layer, why]) => `${layer}: ${why}`);
  if (left.length > 0) console.log(`foldDeadUnits left alone: ${left.join('; ')}`);
  return { masks, pruned: `pruned at ${prunedAt.toFixed(1)}×, dead units folded: ${nonzero} nonzero`, prunedAt };
}
