// The README's path on two threads (dataParallel): ℓ2–ℓ0 training and masked fine-tuning give the
// weights one thread gives, and the pruned weights stay exactly zero.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { dataParallel } from '@l0prune/backend/data-parallel';
import { l2l0Optimizer } from '@l0prune/optimizer';
import { globalMagnitude, maskedOptimizer, prune } from '@l0prune/pruning';

function net(): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [6, 6, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: init(2) }),
    ],
  });
}

/** Trains with ℓ2–ℓ0, prunes to 5× and fine-tunes with masks, on `threads` threads; returns the weights. */
async function trainPruneFineTune(threads: number, xs: tf.Tensor, ys: tf.Tensor, shards?: number) {
  const model = net();
  model.compile({
    optimizer: l2l0Optimizer(tf.train.momentum(0.05, 0.9), {
      model,
      alphaL2: 5e-5,
      alphaL0: 1e-3,
      beta: 5,
      normalize: 'layer-size',
    }),
    loss: 'categoricalCrossentropy',
  });
  const parallel = await dataParallel(model, { threads, shards });
  await model.fit(xs, ys, { epochs: 3, batchSize: 32, shuffle: false, verbose: 0 });
  const { masks } = prune(model, globalMagnitude(), { compressionRatio: 5 });
  model.compile({ optimizer: maskedOptimizer(tf.train.momentum(0.01, 0.9), masks), loss: 'categoricalCrossentropy' });
  await model.fit(xs, ys, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
  const steps = parallel.parallelSteps;
  await parallel.dispose();
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  const pruned = [...masks.values()].map((m) => Array.from(m.values));
  model.dispose();
  return { weights, steps, pruned };
}

describe("the README's path on two threads", () => {
  it('trains, prunes and fine-tunes to the weights of one thread, the pruned ones exactly zero', async () => {
    const xs = tf.randomNormal([96, 6, 6, 1], 0, 1, 'float32', 3);
    const ys = tf.oneHot(tf.randomUniform([96], 0, 4, 'int32', 4), 4);
    const one = await trainPruneFineTune(1, xs, ys);
    const two = await trainPruneFineTune(2, xs, ys);
    expect(two.steps).toBe(15); // 3 + 2 epochs of 3 batches, every one split
    expect(two.pruned).toEqual(one.pruned);
    two.weights.forEach((w, j) => {
      w.forEach((v, i) => {
        expect(Math.abs(v - one.weights[j][i])).toBeLessThan(1e-4);
      });
    });
    expect(two.weights[0].filter((v) => v === 0).length).toBeGreaterThan(0);
    // The main job's figures do not depend on the threads: two slices on one thread give the same bits.
    const inTurn = await trainPruneFineTune(1, xs, ys, 2);
    expect(inTurn.weights).toEqual(two.weights);
    tf.dispose([xs, ys]);
  });
});
