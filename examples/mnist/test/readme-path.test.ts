// The README's path end to end, on a small model: ℓ2–ℓ0 training → GP → masked fine-tuning →
// `sparse://` save → load in a fresh model → `nonzeroMasks` → more training keeps every zero.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { countParameters } from '@l0prune/core';
import { l2l0Optimizer } from '@l0prune/optimizer';
import { globalMagnitude, maskedOptimizer, nonzeroMasks, prune } from '@l0prune/pruning';
import '@l0prune/sparse-io';

function net(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [16],
        units: 32,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
      tfl.layers.dense({
        units: 4,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
}

const zeroSet = (model: tfl.LayersModel) =>
  model.getWeights().map((w) => Array.from(w.dataSync()).flatMap((v, i) => (v === 0 ? [i] : [])));

describe("the README's path", () => {
  it('trains with ℓ2–ℓ0, prunes, fine-tunes, saves sparse, reloads, and keeps the zeros through more training', async () => {
    const xs = tf.randomNormal([64, 16], 0, 1, 'float32', 3);
    const ys = tf.oneHot(tf.argMax(tf.matMul(xs, tf.randomNormal([16, 4], 0, 1, 'float32', 4)), 1), 4);
    const model = net();
    model.compile({
      optimizer: l2l0Optimizer(tf.train.sgd(0.05), {
        model,
        alphaL2: 5e-5,
        alphaL0: 4e-5,
        beta: 5,
        normalize: 'layer-size',
      }),
      loss: 'categoricalCrossentropy',
    });
    await model.fit(xs, ys, { epochs: 5, batchSize: 16, verbose: 0 });
    const { masks, report } = prune(model, globalMagnitude(), { compressionRatio: 5 });
    expect(report.compressionRatio).toBeGreaterThanOrEqual(4.99);
    model.compile({ optimizer: maskedOptimizer(tf.train.momentum(0.01, 0.9), masks), loss: 'categoricalCrossentropy' });
    await model.fit(xs, ys, { epochs: 2, batchSize: 16, verbose: 0 });
    const zeros = zeroSet(model);

    const dir = join(mkdtempSync(join(tmpdir(), 'l0-readme-')), 'model');
    await model.save(`sparse://${dir}`);
    const loaded = await tfl.loadLayersModel(`sparse://${dir}`);
    expect(zeroSet(loaded)).toEqual(zeros);
    expect(countParameters(loaded).nonzero).toBe(countParameters(model).nonzero);
    const same = tf.tidy(() =>
      tf.max(tf.abs(tf.sub(loaded.predict(xs) as tf.Tensor, model.predict(xs) as tf.Tensor))).arraySync(),
    );
    expect(same).toBe(0);

    loaded.compile({
      optimizer: maskedOptimizer(tf.train.momentum(0.01, 0.9), nonzeroMasks(loaded)),
      loss: 'categoricalCrossentropy',
    });
    const before = loaded.getWeights().map((w) => Array.from(w.dataSync()));
    await loaded.fit(xs, ys, { epochs: 3, batchSize: 16, verbose: 0 });
    expect(zeroSet(loaded)).toEqual(zeros);
    // …and it did train.
    const after = loaded.getWeights().map((w) => Array.from(w.dataSync()));
    expect(after.some((w, j) => w.some((v, i) => v !== before[j][i]))).toBe(true);
    tf.dispose([xs, ys]);
    model.dispose();
    loaded.dispose();
  });
});
