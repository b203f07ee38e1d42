import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { disposeOptimizer } from '@l0prune/core';
import { lenet300100, lenet5Caffe, top1Error, type Dataset } from '@l0prune/mnist';
import { DecoupledPenaltyOptimizer, type Normalization, type PenaltyParams } from '@l0prune/optimizer';
import { Checkpoint } from './checkpoint.js';
import { shownPath } from './relative-paths.js';
import { fitWithProgress } from './fit.js';
import { formatValidationError, validationError } from './validation-error.js';

/** Which zero attraction training uses (Experiment 1 compares them); `none` is plain momentum SGD. */
export type PenaltyChoice =
  | { kind: 'l2l0'; alphaL2: number; alphaL0: number; beta: number }
  | { kind: 'l0'; alpha: number; beta: number }
  | { kind: 'l1' | 'l2'; alpha: number }
  | { kind: 'none' };

export interface TrainOptions {
  model: 'lenet300' | 'lenet5';
  epochs: number;
  batchSize: number;
  learningRate: number;
  momentum: number;
  /** The inner optimizer of training and FT: momentum SGD (default; `momentum` its β) or Adam (tfjs defaults). */
  optimizer?: InnerOptimizer;
  /**
   * The penalty's gradient joins the loss gradient before the inner optimizer (as a Keras kernel_regularizer, the
   * authors' released code around Adam) instead of the decoupled step of eq. 17; the same step around plain SGD.
   */
  coupled?: boolean;
  penalty: PenaltyChoice;
  normalize: Normalization;
  /** NORM scales only these of the penalty's parameters (`normalizedParameters`, e.g. ['alphaL0']); default every α. */
  normalizedParameters?: string[];
  /** SEP: per-layer overrides of the penalty's parameters, by layer name. */
  layers?: Record<string, Partial<PenaltyParams>>;
  seed: number;
  /** Learning rate per epoch: `step` (default), the last quarter at η/10; `cosine`, from η down to η/100. */
  schedule?: Schedule;
  /** Write a checkpoint after every epoch here, and resume from it. */
  checkpointDir?: string;
  /**
   * Start from the network trained in this checkpoint directory (its weights, a fresh optimizer) instead of a
   * random one: e.g. ℓ2–ℓ0 training of a network first trained without attraction. Same model required.
   */
  warmStart?: string;
  /** Threads per training step (`dataParallel`): a number or 'auto'; default 1. */
  threads?: number | 'auto';
  /** Slices per batch (`DataParallelOptions.shards`): the weights depend on it, never on `threads`; default `threads`. */
  shards?: number;
  /** Off-paper: train on images moved by a random whole-pixel shift up to this many pixels (`FitOptions.augmentShift`). */
  augmentShift?: number;
}

export interface Trained {
  model: tfl.LayersModel;
  /** validationError is null when nothing was held out (`validationSize: 0`). */
  baseline: { validationError: number | null; testError: number };
  /** training time, over every invocation that resumed the checkpoint */
  seconds: number;
}

export function buildNetwork(name: TrainOptions['model'], seed: number): tfl.LayersModel {
  return name === 'lenet5' ? lenet5Caffe({ seed }) : lenet300100({ seed });
}

export function compile(model: tfl.LayersModel, optimizer: tf.Optimizer): void {
  disposeOptimizer(model.optimizer);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
}

/** Frees a trained model with its optimizer (compiled with an optimizer instance, the model does not own it). */
export function disposeTrained(model: tfl.LayersModel): void {
  disposeOptimizer(model.optimizer);
  model.dispose();
}

export type InnerOptimizer = 'momentum' | 'adam';

/** The optimizer training and FT step with, before any penalty or mask is wrapped around it. */
export function innerOptimizer(kind: InnerOptimizer | undefined, learningRate: number, momentum: number): tf.Optimizer {
  if (kind === undefined || kind === 'momentum') return tf.train.momentum(learningRate, momentum);
  if (kind === 'adam') return tf.train.adam(learningRate);
  throw new RangeError(`optimizer must be 'momentum' or 'adam', got ${JSON.stringify(kind)}`);
}

/** The training optimizer: the penalty (eq. 17 for l2l0; decoupled unless `coupled`) around the inner optimizer. */
export function trainingOptimizer(
  model: tfl.LayersModel,
  o: Pick<
    TrainOptions,
    'learningRate' | 'momentum' | 'optimizer' | 'coupled' | 'penalty' | 'normalize' | 'normalizedParameters' | 'layers'
  >,
): tf.Optimizer {
  const inner = innerOptimizer(o.optimizer, o.learningRate, o.momentum);
  if (o.penalty.kind === 'none') return inner;
  const { kind, ...params } = o.penalty;
  return new DecoupledPenaltyOptimizer(inner, kind, {
    model,
    normalize: o.normalize,
    normalizedParameters: o.normalizedParameters,
    layers: o.layers,
    coupled: o.coupled,
    ...params,
  });
}

/** The learning rate per epoch: the last quarter of the epochs at a tenth of it (none for one epoch). */
export function stepDecay(learningRate: number, epochs: number): (epoch: number) => number {
  const decayFrom = Math.ceil(epochs * 0.75);
  return (epoch) => (epoch >= decayFrom && epochs > 1 ? learningRate / 10 : learningRate);
}

export type Schedule = 'step' | 'cosine';

/** Half a cosine per epoch from η (epoch 0) down to η/100 (the last epoch). */
export function cosineDecay(learningRate: number, epochs: number): (epoch: number) => number {
  const floor = learningRate / 100;
  return (epoch) =>
    epochs > 1 ? floor + ((learningRate - floor) * (1 + Math.cos((Math.PI * epoch) / (epochs - 1)))) / 2 : learningRate;
}

export function learningRateSchedule(kind: Schedule, learningRate: number, epochs: number): (epoch: number) => number {
  return kind === 'cosine' ? cosineDecay(learningRate, epochs) : stepDecay(learningRate, epochs);
}

/**
 * Trains a fresh network; the last quarter of the epochs runs at a tenth of the learning rate
 * (the zero attraction, η-scaled as in eq. 17, follows it). Resumes from `checkpointDir`.
 */
export async function trainNetwork(data: Dataset, o: TrainOptions): Promise<Trained> {
  const model = buildNetwork(o.model, o.seed);
  console.log(
    `${model.name}: ${model.countParams().toLocaleString('en-US')} parameters; ` +
      `${data.train.size} training / ${data.validation.size} validation / ${data.test.size} test images`,
  );
  const t0 = Date.now();
  compile(model, trainingOptimizer(model, o));
  const checkpoint = o.checkpointDir ? new Checkpoint(o.checkpointDir) : undefined;
  const restored = checkpoint ? await checkpoint.restoreTraining(model) : { epochsDone: 0, seconds: 0 };
  if (o.warmStart && restored.epochsDone === 0) {
    const epochs = await new Checkpoint(o.warmStart).restoreWeights(model);
    console.log(`warm start: the network trained ${epochs} epochs in ${shownPath(o.warmStart)}`);
  }
  const secondsSoFar = () => restored.seconds + (Date.now() - t0) / 1000;
  await fitWithProgress(model, data.train, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed: o.seed,
    label: 'train',
    learningRateAt: learningRateSchedule(o.schedule ?? 'step', o.learningRate, o.epochs),
    startEpoch: restored.epochsDone,
    validation: data.validation.size > 0 ? data.validation : undefined,
    threads: o.threads,
    shards: o.shards,
    augmentShift: o.augmentShift,
    onEpochEnd: async (epoch) => checkpoint?.saveTraining(model, epoch + 1, secondsSoFar()),
  });
  const baseline = { validationError: validationError(model, data), testError: top1Error(model, data.test) };
  console.log(
    `trained: test error ${baseline.testError.toFixed(2)}% (${formatValidationError(baseline.validationError)})`,
  );
  return { model, baseline, seconds: secondsSoFar() };
}
