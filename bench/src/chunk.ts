import * as tf from '@tensorflow/tfjs-core';
import type { Split } from '@l0prune/mnist';

/** The i-th fixed slice of `size` training images (fine-tuning budgets smaller than an epoch). Dispose xs/ys after use. */
export function trainingChunk(train: Split, i: number, size: number): Split {
  const start = (i * size) % (train.size - size + 1);
  return {
    xs: tf.slice(train.xs, [start, 0, 0, 0], [size, 28, 28, 1]),
    ys: tf.slice(train.ys, [start, 0], [size, 10]),
    labels: train.labels.subarray(start, start + size),
    size,
  };
}
