import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Split } from '@l0prune/mnist';
import { fitWithProgress } from '@l0prune/harness';

/**
 * The i-th fixed slice of `size` training images (fine-tuning budgets smaller than an epoch). Dispose xs/ys after use.
 */
export function trainingChunk(train: Split, i: number, size: number): Split {
  const start = (i * size) % (train.size - size + 1);
  return {
    xs: tf.slice(train.xs, [start, 0, 0, 0], [size, 28, 28, 1]),
    ys: tf.slice(train.ys, [start, 0], [size, 10]),
    labels: train.labels.subarray(start, start + size),
    size,
  };
}

/** One pass of fit over the i-th chunk (seeded shuffle inside it), with a progress bar. */
export async function fitOnChunk(
  model: tfl.LayersModel,
  train: Split,
  i: number,
  size: number,
  options: { seed: number; label: string },
): Promise<void> {
  const chunk = trainingChunk(train, i, size);
  try {
    await fitWithProgress(model, chunk, { epochs: 1, batchSize: 128, ...options });
  } finally {
    tf.dispose([chunk.xs, chunk.ys]);
  }
}
