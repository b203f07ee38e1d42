import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Split } from './load.js';

/** Top-1 error in percent over a split, predicted in batches (bounded memory). */
export function top1Error(model: LayersModel, split: Split, batchSize = 1000): number {
  // 0 of 0 would be NaN, which reads like a measurement downstream.
  if (split.size === 0) throw new Error('top1Error: the split has no images (e.g. loadMnist({ validationSize: 0 }))');
  let wrong = 0;
  for (let start = 0; start < split.size; start += batchSize) {
    const end = Math.min(split.size, start + batchSize);
    const classes = tf.tidy(() => {
      const x = tf.slice(split.xs, [start, 0, 0, 0], [end - start, 28, 28, 1]);
      return tf.argMax(model.predict(x) as tf.Tensor, -1);
    });
    // Read outside tidy: tidy walks a returned typed array element by element.
    const predicted = classes.dataSync();
    classes.dispose();
    for (let i = 0; i < predicted.length; i++) if (predicted[i] !== split.labels[start + i]) wrong++;
  }
  return (100 * wrong) / split.size;
}
