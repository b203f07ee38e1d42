import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { medianMs } from './report.js';

/**
 * One `predict` whose output is read back, then freed. Not `tf.tidy(() => ….dataSync())`: tidy walks
 * a returned typed array element by element looking for tensors (≈ 0.8 µs per element here), which
 * would add milliseconds to every timing.
 */
export function predictAndRead(model: tfl.LayersModel, x: tf.Tensor): void {
  const y = model.predict(x) as tf.Tensor;
  y.dataSync();
  y.dispose();
}

/** Median of 15 `predict` calls on `x` (after one warm-up), in ms. */
export function predictLatency(model: tfl.LayersModel, x: tf.Tensor): number {
  predictAndRead(model, x);
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    predictAndRead(model, x);
    times.push(performance.now() - t0);
  }
  return medianMs(times);
}
