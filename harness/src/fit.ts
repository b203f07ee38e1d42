import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type DataParallel, dataParallel } from '@l0prune/backend/data-parallel';
import { mulberry32, setLearningRate } from '@l0prune/core';
import { top1Error, type Split } from '@l0prune/mnist';
import { progress } from './progress.js';
import { checkAugmentShift, shiftedImages } from './shift-augment.js';

export interface FitOptions {
  epochs: number;
  batchSize: number;
  /** Seeds the per-epoch shuffle (tfjs' own shuffle uses Math.random, so runs would not repeat). */
  seed: number;
  label: string;
  /** Learning rate for each epoch (0-based), applied to the optimizer (or its inner one) before it. */
  learningRateAt?: (epoch: number) => number;
  /** First epoch to run (0-based), when resuming from a checkpoint. */
  startEpoch?: number;
  /** Called after each epoch (e.g. to write a checkpoint). */
  onEpochEnd?: (epoch: number) => Promise<void>;
  /** tfjs callbacks for every epoch's fit (their onEpochEnd sees epoch 0: each epoch is its own fit). */
  callbacks?: tfl.Callback[];
  /** Checked after each epoch: true ends training early (e.g. a pruning procedure is done). */
  stopWhen?: () => boolean;
  /** Shown after each epoch as its top-1 error (%), beside the epoch's mean loss. */
  validation?: Split;
  /** Threads per training step (`dataParallel` of @l0prune/backend): a number, or 'auto'; default 1. */
  threads?: number | 'auto';
  /** Slices per batch (`DataParallelOptions.shards`): the weights depend on it, never on `threads`; default `threads`. */
  shards?: number;
  /**
   * Off-paper data augmentation: each epoch, every training image moves by its own random whole-pixel (dx, dy), each
   * up to this many pixels either way (1…9); default none, the images as they are. Validation and test images never move.
   */
  augmentShift?: number;
}

/** A seeded permutation of 0…n−1 (Fisher–Yates). */
function permutation(n: number, seed: number): Int32Array {
  const random = mulberry32(seed);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/**
 * model.fit over a split, one seeded shuffle per epoch, with a progress bar (ETA, running loss);
 * each epoch ends with a line of its mean loss (and validation error when given). Returns the
 * last epoch's mean loss.
 */
export async function fitWithProgress(model: tfl.LayersModel, data: Split, options: FitOptions): Promise<number> {
  checkAugmentShift(options.augmentShift, 'fitWithProgress');
  if (options.augmentShift && data.xs.shape[3] !== 1)
    throw new RangeError(`fitWithProgress: augmentShift moves one-channel images, got ${data.xs.shape[3]} channels`);
  const batches = Math.ceil(data.size / options.batchSize);
  let loss = NaN;
  // One slice (threads 1 by default) leaves tfjs' own train function alone: dataParallel decides that.
  const handle = await dataParallel(model, { threads: options.threads ?? 1, shards: options.shards });
  const parallel = handle.shards > 1 ? handle : undefined;
  try {
    loss = await fitEpochs(model, data, options, batches, parallel);
  } finally {
    await parallel?.dispose();
  }
  return loss;
}

async function fitEpochs(
  model: tfl.LayersModel,
  data: Split,
  options: FitOptions,
  batches: number,
  parallel: DataParallel | undefined,
): Promise<number> {
  let loss = NaN;
  // Read once: the shifted copies are made from these pixels every epoch.
  const shift = options.augmentShift;
  const images = shift ? (data.xs.dataSync() as Float32Array) : undefined;
  const [, height, width] = data.xs.shape;
  for (let epoch = options.startEpoch ?? 0; epoch < options.epochs; epoch++) {
    if (options.learningRateAt) setLearningRate(model.optimizer, options.learningRateAt(epoch), 'fitWithProgress');
    const bar = progress(`${options.label} ${epoch + 1}/${options.epochs}`, batches);
    const epochSeed = options.seed * 1000 + epoch;
    const indices = permutation(data.size, epochSeed);
    const order = tf.tensor1d(indices, 'int32');
    const xs =
      images && shift
        ? tf.tensor4d(
            // The shifts' own stream, not the shuffle's: the same shuffle with and without augmentation.
            shiftedImages(images, indices, { height, width }, shift, epochSeed ^ 0x5f3759df),
            data.xs.shape,
          )
        : tf.gather(data.xs, order);
    const ys = tf.gather(data.ys, order);
    // The epoch's mean over samples, not the last batch's loss (which jumps from batch to batch).
    let lossSum = 0;
    let samples = 0;
    try {
      await model.fit(xs, ys, {
        epochs: 1,
        batchSize: options.batchSize,
        shuffle: false,
        verbose: 0,
        callbacks: [
          ...(options.callbacks ?? []),
          // CustomCallback resolves the batch loss to a number (plain Callbacks see a tensor).
          new tfl.CustomCallback({
            onBatchEnd: async (_batch, logs) => {
              const size = logs?.size ?? options.batchSize;
              lossSum += (logs?.loss ?? NaN) * size;
              samples += size;
              bar.tick(1, `loss ${(lossSum / samples).toFixed(4)}`);
            },
          }),
        ],
      });
    } finally {
      tf.dispose([order, xs, ys]);
    }
    loss = lossSum / samples;
    const validation = options.validation
      ? `, validation error ${top1Error(model, options.validation).toFixed(2)}%`
      : '';
    const threads =
      epoch === (options.startEpoch ?? 0) && parallel
        ? `; ${parallel.shards} slices a batch, on ${parallel.decision === 'parallel' ? parallel.threads : 1} of ` +
          `${parallel.threads} threads (${parallel.decision})`
        : '';
    bar.stop(`mean loss ${loss.toFixed(4)}${validation}${threads}`);
    await options.onEpochEnd?.(epoch);
    if (options.stopWhen?.()) break;
  }
  return loss;
}
