import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { medianMs } from './report.js';

/** Median of 15 `predict` calls on `x` (after one warm-up), in ms. */
export function predictLatency(model: tfl.LayersModel, x: tf.Tensor): number {
  tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    times.push(performance.now() - t0);
  }
  return medianMs(times);
}
