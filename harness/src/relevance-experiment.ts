import * as tf from '@tensorflow/tfjs-core';
import { countParameters } from '@l0prune/core';
import { top1Error, type Dataset } from '@l0prune/mnist';
import { relevanceOptimizer, type Sensitivity } from '@l0prune/optimizer';
import { maskedOptimizer, nonzeroMasks, plateauPruning, thresholdBisection, validationLoss } from '@l0prune/pruning';
import { sparseFileHandler } from '@l0prune/sparse-io';
import type { ExperimentResult, RatioResult } from './experiment.js';
import { fitWithProgress } from './fit.js';
import { formatValidationError } from './validation-error.js';
import { buildNetwork, compile, disposeTrained } from './train.js';

export interface RelevanceOptions {
  model: 'lenet300' | 'lenet5';
  /** Most epochs to run; the procedure usually ends earlier, when a pruning step removes nothing. */
  epochs: number;
  batchSize: number;
  learningRate: number;
  momentum: number;
  /** λ of the selective decay, per step. */
  lambda: number;
  sensitivity: Sensitivity;
  /** Relative validation-loss increase a pruning step may cause (LOBSTER's TWT). */
  lossTolerance: number;
  /** Epochs without validation-loss progress before a pruning step (LOBSTER's PWE). */
  patience: number;
  /** Relative validation-loss decrease that counts as progress. */
  minDelta: number;
  seed: number;
  /** The kept model: the highest ratio whose validation error is within this many points of the best seen. */
  tolerance: number;
  /** After the procedure: fine-tuning epochs with the zeros held and no decay (0 = none). */
  ftEpochs: number;
  ftLearningRate: number;
  outDir: string;
}

export interface EpochLog {
  epoch: number;
  validationLoss: number;
  validationError: number;
  compressionRatio: number;
}

export interface PruningStepLog {
  epoch: number;
  threshold: number;
  removed: number;
  nonzero: number;
  compressionRatio: number;
  lossBefore: number;
  lossAfter: number;
}

/**
 * The relevance method end to end (Bonetta et al. 2022, with LOBSTER's rule and schedule):
 * train with relevance-gated selective decay; at each validation-loss plateau prune with the
 * bisection threshold; masks hold the zeros; stop when a pruning step finds nothing to remove
 * (or after `epochs`); then optionally fine-tune with the zeros held. Saves the kept model as
 * `<outDir>/best.l0s`: the highest ratio within `tolerance` points of the best validation error
 * seen, or the fine-tuned model.
 */
export async function runRelevanceExperiment(
  data: Dataset,
  o: RelevanceOptions,
): Promise<ExperimentResult & { pruningSteps: PruningStepLog[]; epochsRun: number; epochs: EpochLog[] }> {
  if (data.validation.size === 0)
    throw new Error(
      'runRelevanceExperiment: no validation images (validationSize 0); its pruning steps are gated by the ' +
        'validation loss: hold out images, e.g. loadMnist({ validationSize: 5000 })',
    );
  const model = buildNetwork(o.model, o.seed);
  const parameters = countParameters(model).total;
  console.log(
    `${model.name}: ${parameters.toLocaleString('en-US')} parameters; relevance decay λ = ${o.lambda} ` +
      `(${o.sensitivity}), bisection pruning at plateaus`,
  );
  compile(
    model,
    maskedOptimizer(
      relevanceOptimizer(tf.train.momentum(o.learningRate, o.momentum), {
        model,
        lambda: o.lambda,
        sensitivity: o.sensitivity,
      }),
    ),
  );
  const loss = validationLoss(data.validation.xs, data.validation.ys);
  const pruner = thresholdBisection({ validationLoss: loss, tolerance: o.lossTolerance });
  const steps: PruningStepLog[] = [];
  let epoch = 0;
  const callback = plateauPruning({
    pruner,
    monitor: loss,
    patience: o.patience,
    minDelta: o.minDelta,
    onPrune: (_e, { report }) => {
      const s = pruner.lastSearch!;
      steps.push({
        epoch: epoch + 1,
        threshold: s.threshold,
        removed: s.removed,
        nonzero: report.nonzero,
        compressionRatio: report.compressionRatio,
        lossBefore: s.lossBefore,
        lossAfter: s.lossAfter,
      });
      console.log(
        `epoch ${epoch + 1}: pruned ${s.removed} weights below |w| = ${s.threshold.toPrecision(3)} → ` +
          `${report.compressionRatio.toFixed(1)}× (validation loss ${s.lossBefore.toFixed(4)} → ` +
          `${s.lossAfter.toFixed(4)}, ${s.evaluations} evaluations)`,
      );
    },
  });
  const t0 = Date.now();
  const file = `${o.outDir}/best.l0s`;
  const epochs: EpochLog[] = [];
  let best: (RatioResult & { fileBytes: number }) | undefined;
  // Keep the highest ratio whose validation error stays within `tolerance` points of the best seen
  // (the procedure prunes until nothing goes; its last model is not always the one to ship).
  const keepBest = async (since = 0) => {
    const counts = countParameters(model);
    const validationError = top1Error(model, data.validation);
    epochs.push({ epoch, validationLoss: loss(model), validationError, compressionRatio: counts.compressionRatio });
    const floor = Math.min(...epochs.slice(since).map((e) => e.validationError));
    if (validationError <= floor + o.tolerance && (!best || counts.compressionRatio > best.compressionRatio)) {
      const saved = await model.save(sparseFileHandler(file));
      const testError = top1Error(model, data.test);
      best = {
        targetRatio: Math.round(counts.compressionRatio),
        compressionRatio: counts.compressionRatio,
        nonzero: counts.nonzero,
        errorNoFt: testError,
        validationError,
        testError,
        seconds: (Date.now() - t0) / 1000, // the whole procedure up to this model
        fileBytes: (saved.modelArtifactsInfo as unknown as { sparseFileBytes: number }).sparseFileBytes,
      };
    }
  };
  await fitWithProgress(model, data.train, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed: o.seed,
    label: 'train + prune',
    callbacks: [callback],
    onEpochEnd: async (e) => {
      epoch = e + 1;
      await keepBest();
    },
    stopWhen: () => callback.done,
  });
  if (o.ftEpochs > 0) {
    // FT at a lower learning rate, decay off, zeros held: the last model of the procedure, finished.
    compile(model, maskedOptimizer(tf.train.momentum(o.ftLearningRate, o.momentum), nonzeroMasks(model)));
    await fitWithProgress(model, data.train, {
      epochs: o.ftEpochs,
      batchSize: o.batchSize,
      seed: o.seed + 17,
      label: 'FT',
    });
    best = undefined; // the fine-tuned model is the result
    epoch += o.ftEpochs;
    await keepBest(epochs.length);
  }
  const seconds = (Date.now() - t0) / 1000;
  const row = best!;
  console.log(
    `${callback.done ? 'done (a pruning step removed nothing)' : `stopped after ${o.epochs} epochs`} at ${epochs.at(-1)!.compressionRatio.toFixed(1)}×; ` +
      `kept ${row.compressionRatio.toFixed(1)}× at ${row.testError.toFixed(2)}% test error ` +
      `(${formatValidationError(row.validationError)})`,
  );
  disposeTrained(model);
  const { outDir: _out, ...options } = o;
  return {
    options: options as unknown as ExperimentResult['options'],
    parameters,
    // No separate unpruned training here: the procedure prunes as it trains.
    baseline: { validationError: NaN, testError: NaN },
    rows: [row],
    best: { ...row, file },
    seconds: { train: seconds, sweep: 0 },
    pruningSteps: steps,
    epochsRun: epoch,
    epochs,
  };
}
