// Accuracy and inference time of a model on the shipped MNIST slice, and class probabilities
// for a few images (what the tests compare with Node's).
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { SLICE_PIXELS, type MnistSlice } from './mnist-slice.js';

/** The slice's images [start, start+count) as the model's input (28×28×1, or flat 784 for dense-input models). */
export function sliceInput(model: LayersModel, slice: MnistSlice, start = 0, count = slice.count): tf.Tensor {
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 1 || start + count > slice.count) {
    throw new RangeError(`images [${start}, ${start + count}) are outside the slice's 0–${slice.count}`);
  }
  const pixels = slice.pixels.subarray(start * SLICE_PIXELS, (start + count) * SLICE_PIXELS);
  const shape = model.inputs[0].shape.length === 2 ? [count, SLICE_PIXELS] : [count, 28, 28, 1];
  return tf.tensor(pixels, shape, 'float32');
}

/** Class probabilities of images [start, start+count), one row per image. */
export function probabilities(model: LayersModel, slice: MnistSlice, start: number, count: number): number[][] {
  return tf.tidy(() => model.predict(sliceInput(model, slice, start, count)) as tf.Tensor).arraySync() as number[][];
}

/** Top-1 accuracy (%) over the whole slice, in batches of 250. */
export function accuracy(model: LayersModel, slice: MnistSlice): number {
  let correct = 0;
  for (let start = 0; start < slice.count; start += 250) {
    const count = Math.min(250, slice.count - start);
    const classes = tf.tidy(() => tf.argMax(model.predict(sliceInput(model, slice, start, count)) as tf.Tensor, 1));
    const predicted = classes.dataSync();
    classes.dispose();
    for (let i = 0; i < count; i++) if (predicted[i] === slice.labels[start + i]) correct++;
  }
  return (100 * correct) / slice.count;
}

/** Median wall time (ms) of `runs` predictions of `count` images, after one warm-up. */
export async function inferenceMs(model: LayersModel, slice: MnistSlice, count: number, runs = 5): Promise<number> {
  const x = sliceInput(model, slice, 0, count);
  const once = async () => {
    const t0 = performance.now();
    const y = model.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
    return performance.now() - t0;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  x.dispose();
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}
