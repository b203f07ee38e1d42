import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { DecoupledPenaltyOptimizer, l2l0Optimizer } from '../src/index.js';
import { roundTrip } from '@l0prune/testing/memory-io';

function net(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 6, activation: 'tanh', name: 'dense_a' }),
      tfl.layers.dense({ units: 2, name: 'dense_b' }),
    ],
  });
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe.each([
  ['momentum', () => tf.train.momentum(0.05, 0.9)],
  ['adam', () => tf.train.adam(0.01)],
  ['rmsprop', () => tf.train.rmsprop(0.01)],
])('around %s', (_name, makeInner) => {
  it('trains, saves with includeOptimizer, reloads, and continues exactly like the original', async () => {
    const model = net();
    model.compile({
      optimizer: l2l0Optimizer(makeInner(), {
        model,
        alphaL2: 1e-3,
        alphaL0: 1e-3,
        beta: 5,
        normalize: 'layer-size',
        layers: { dense_b: { beta: 8 } },
      }),
      loss: 'meanSquaredError',
    });
    const x = tf.randomNormal([8, 4], 0, 1, 'float32', 3);
    const y = tf.randomNormal([8, 2], 0, 1, 'float32', 4);
    await model.fit(x, y, { batchSize: 4, epochs: 2, verbose: 0, shuffle: false });

    const loaded = await roundTrip(model, true);
    const restored = loaded.optimizer as DecoupledPenaltyOptimizer;
    const original = model.optimizer as DecoupledPenaltyOptimizer;
    // Not toBeInstanceOf: tf.Optimizer's Symbol.hasInstance accepts any optimizer.
    expect(Object.prototype.isPrototypeOf.call(DecoupledPenaltyOptimizer.prototype, restored)).toBe(true);
    expect(restored.inner.getClassName()).toBe(original.inner.getClassName());
    expect(restored.getConfig()).toEqual(original.getConfig());
    expect(restored.iterations).toBe(original.iterations);
    const [a, b] = [await original.getWeights(), await restored.getWeights()];
    expect(b.map((w) => w.tensor.shape)).toEqual(a.map((w) => w.tensor.shape));
    a.forEach((w, i) => expect(maxDiff(w.tensor, b[i].tensor)).toBe(0));

    // Restored without its model object, it finds φ by position in the gradient list.
    await model.fit(x, y, { batchSize: 4, epochs: 1, verbose: 0, shuffle: false });
    await loaded.fit(x, y, { batchSize: 4, epochs: 1, verbose: 0, shuffle: false });
    model.getWeights().forEach((w, i) => expect(maxDiff(w, loaded.getWeights()[i])).toBeLessThan(1e-6));
    tf.dispose([x, y]);
  });
});

describe('wrapper bookkeeping', () => {
  it('exposes the inner iterations and learning rate, and passes it a same-order list', () => {
    const model = net();
    const inner = tf.train.momentum(0.1, 0.9);
    const seen: string[][] = [];
    const original = inner.applyGradients.bind(inner);
    inner.applyGradients = (g: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>) => {
      seen.push((Array.isArray(g) ? g : Object.keys(g).map((name) => ({ name }))).map((e) => e.name));
      original(g as Parameters<typeof original>[0]);
    };
    const opt = l2l0Optimizer(inner, { model, alphaL2: 0, alphaL0: 1e-3, beta: 5 });
    expect(opt.learningRate).toBe(0.1);
    const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
    opt.minimize(() => tf.sum(tf.square(model.predict(tf.ones([2, 4])) as tf.Tensor)), false, vars);
    expect(seen[0]).toEqual(vars.map((v) => v.name));
    expect(opt.iterations).toBe(1);
  });

  it('a restored optimizer meeting a different model asks to be attached', async () => {
    const model = net();
    model.compile({
      optimizer: l2l0Optimizer(tf.train.sgd(0.1), { model, alphaL2: 0, alphaL0: 1e-3, beta: 5 }),
      loss: 'meanSquaredError',
    });
    const config = (model.optimizer as DecoupledPenaltyOptimizer).getConfig();
    const restored = DecoupledPenaltyOptimizer.fromConfig(
      DecoupledPenaltyOptimizer,
      config,
    ) as DecoupledPenaltyOptimizer;
    const other = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 2 })] });
    other.compile({ optimizer: restored, loss: 'meanSquaredError' });
    await expect(other.fit(tf.ones([2, 4]), tf.ones([2, 2]), { verbose: 0 })).rejects.toThrow(
      /call optimizer.attach\(model\)/,
    );
    restored.attach(other);
    await other.fit(tf.ones([2, 4]), tf.ones([2, 2]), { verbose: 0 });
  });
});
