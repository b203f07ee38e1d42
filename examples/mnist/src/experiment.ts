import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { countParameters } from '@l0prune/core';
import { lenet300100, lenet5Caffe, top1Error, type Dataset } from '@l0prune/mnist';
import { l2l0Optimizer } from '@l0prune/optimizer';
import { createPruner, maskedOptimizer, prune } from '@l0prune/pruning';
import { sparseFileHandler } from '@l0prune/sparse-io';
import { Checkpoint } from './checkpoint.js';
import { fitWithProgress } from './fit.js';

export interface ExperimentOptions {
  model: 'lenet300' | 'lenet5';
  pruner: string;
  epochs: number;
  ftEpochs: number;
  batchSize: number;
  learningRate: number;
  ftLearningRate: number;
  momentum: number;
  alphaL2: number;
  alphaL0: number;
  beta: number;
  normalize: 'none' | 'layer-size';
  ratios: number[];
  /** Best = highest ratio whose validation error is within this many points of the unpruned one. */
  tolerance: number;
  seed: number;
  outDir: string;
  /** Write a checkpoint after every training epoch and sweep row here, and resume from it. */
  checkpointDir?: string;
  /** Also save every fine-tuned model as `<outDir>/models/<model>-<ratio>x.l0s`. */
  saveAllModels?: boolean;
}

export interface RatioResult {
  targetRatio: number;
  /** all parameters / nonzero parameters, biases counted in both */
  compressionRatio: number;
  nonzero: number;
  errorNoFt: number;
  validationError: number;
  testError: number;
}

export interface ExperimentResult {
  options: Omit<ExperimentOptions, 'outDir'>;
  parameters: number;
  baseline: { validationError: number; testError: number };
  rows: RatioResult[];
  best?: RatioResult & { file: string; fileBytes: number };
  seconds: { train: number; sweep: number };
}

function compile(model: tfl.LayersModel, optimizer: tf.Optimizer): void {
  model.optimizer?.dispose();
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
}

/**
 * Trains with the ℓ2–ℓ0 optimizer (eq. 17 around momentum SGD), then for each target
 * compression ratio: restore the trained weights, prune, fine-tune with the pruned weights held
 * at zero, evaluate. The best model is saved as a sparse file.
 */
export async function runExperiment(data: Dataset, o: ExperimentOptions): Promise<ExperimentResult> {
  const model = o.model === 'lenet5' ? lenet5Caffe({ seed: o.seed }) : lenet300100({ seed: o.seed });
  const parameters = countParameters(model).total;
  console.log(`${model.name}: ${parameters.toLocaleString('en-US')} parameters; ${data.train.size} training / ${data.validation.size} validation / ${data.test.size} test images`);
  const pruner = createPruner(o.pruner, o.pruner === 'random' || o.pruner === 'rp' ? { seed: o.seed } : {});

  const t0 = Date.now();
  compile(
    model,
    l2l0Optimizer(tf.train.momentum(o.learningRate, o.momentum), {
      model,
      alphaL2: o.alphaL2,
      alphaL0: o.alphaL0,
      beta: o.beta,
      normalize: o.normalize,
    }),
  );
  // Step decay: the last quarter of the epochs at a tenth of the learning rate (the ℓ0/ℓ2 attraction,
  // η-scaled as in eq. 17, follows it).
  const decayFrom = Math.ceil(o.epochs * 0.75);
  const checkpoint = o.checkpointDir ? new Checkpoint(o.checkpointDir) : undefined;
  const startEpoch = checkpoint ? await checkpoint.restoreTraining(model) : 0;
  await fitWithProgress(model, data.train, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed: o.seed,
    label: 'train',
    learningRateAt: (epoch) => (epoch >= decayFrom && o.epochs > 1 ? o.learningRate / 10 : o.learningRate),
    startEpoch,
    onEpochEnd: async (epoch) => checkpoint?.saveTraining(model, epoch + 1),
  });
  const baseline = { validationError: top1Error(model, data.validation), testError: top1Error(model, data.test) };
  console.log(`trained: validation error ${baseline.validationError.toFixed(2)}%, test error ${baseline.testError.toFixed(2)}%`);
  const trainSeconds = (Date.now() - t0) / 1000;

  const trained = model.getWeights().map((w) => w.clone());
  const rows: RatioResult[] = (await checkpoint?.restoreSweep()) ?? [];
  let best: ExperimentResult['best'];
  const t1 = Date.now();
  for (const target of o.ratios) {
    if (rows.some((r) => r.targetRatio === target)) continue; // done before a restart
    model.setWeights(trained);
    const { masks, report } = prune(model, pruner, { compressionRatio: target });
    const errorNoFt = top1Error(model, data.test);
    compile(model, maskedOptimizer(tf.train.momentum(o.ftLearningRate, o.momentum), masks));
    await fitWithProgress(model, data.train, { epochs: o.ftEpochs, batchSize: o.batchSize, seed: o.seed + 17, label: `FT ${target}×` });
    const counts = countParameters(model);
    const row: RatioResult = {
      targetRatio: target,
      compressionRatio: counts.compressionRatio,
      nonzero: counts.nonzero,
      errorNoFt,
      validationError: top1Error(model, data.validation),
      testError: top1Error(model, data.test),
    };
    rows.push(row);
    console.log(
      `${target}×: ${report.nonzero} nonzero → ratio ${row.compressionRatio.toFixed(1)}×, test error ${errorNoFt.toFixed(2)}% before FT, ` +
        `${row.testError.toFixed(2)}% after (validation ${row.validationError.toFixed(2)}%)`,
    );
    if (o.saveAllModels) await model.save(sparseFileHandler(`${o.outDir}/models/${o.model}-${target}x.l0s`));
    await checkpoint?.saveSweep(rows);
    if (row.validationError <= baseline.validationError + o.tolerance && (!best || row.compressionRatio > best.compressionRatio)) {
      const file = `${o.outDir}/best.l0s`;
      const saved = await model.save(sparseFileHandler(file));
      best = { ...row, file, fileBytes: (saved.modelArtifactsInfo as unknown as { sparseFileBytes: number }).sparseFileBytes };
    }
  }
  tf.dispose(trained);
  model.optimizer?.dispose();
  model.dispose();
  const { outDir: _out, ...options } = o;
  return { options, parameters, baseline, rows, best, seconds: { train: trainSeconds, sweep: (Date.now() - t1) / 1000 } };
}
