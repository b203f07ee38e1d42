import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { l2l0Optimizer } from '../src/index.js';

function mlp(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [5], units: 7, activation: 'relu', name: 'h' }),
      tfl.layers.dense({ units: 3, name: 'out' }),
    ],
  });
}

/** Eq. 17 without the loss term: with zero inputs and zero biases every kernel's ∂J/∂w is 0. */
function attracted(w: tf.Tensor, eta: number, a2: number, a0: number, beta: number): tf.Tensor {
  return tf.tidy(() =>
    tf.sub(
      tf.sub(w, tf.mul(2 * eta * a2, w)),
      tf.mul(eta * a0 * beta, tf.mul(tf.sign(w), tf.exp(tf.mul(-beta, tf.abs(w))))),
    ),
  );
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const [A2, A0, BETA] = [0.3, 0.2, 5];

describe('the decoupled optimizer follows the model being trained', () => {
  it('refuses to train a model other than the one it was given (no silent no-op)', async () => {
    const given = mlp();
    const other = mlp();
    other.compile({
      optimizer: l2l0Optimizer(tf.train.sgd(0.1), { model: given, alphaL2: A2, alphaL0: A0, beta: BETA }),
      loss: 'meanSquaredError',
    });
    const [x, y] = [tf.zeros([4, 5]), tf.zeros([4, 3])];
    await expect(other.fit(x, y, { epochs: 1, verbose: 0 })).rejects.toThrow(
      /compiled into another model.*attach\(model\)/,
    );
    tf.dispose([x, y]);
  });

  it('refuses a model that trains only part of φ (the given model nested inside a bigger one is fine)', async () => {
    const inner = mlp();
    const input = tfl.input({ shape: [5] });
    const head = tfl.layers.dense({ units: 2, name: 'head' });
    const outer = tfl.model({ inputs: input, outputs: head.apply(inner.apply(input)) as tfl.SymbolicTensor });
    const [x, y] = [tf.zeros([4, 5]), tf.zeros([4, 2])];
    // φ of `inner` is all trained by `outer`: its penalty applies, head's kernel is not in φ.
    outer.compile({
      optimizer: l2l0Optimizer(tf.train.sgd(0.1), { model: inner, alphaL2: A2, alphaL0: A0, beta: BETA }),
      loss: 'meanSquaredError',
    });
    await outer.fit(x, y, { epochs: 1, verbose: 0 });
    // φ of `outer` is not all trained by `inner`.
    inner.compile({
      optimizer: l2l0Optimizer(tf.train.sgd(0.1), { model: outer, alphaL2: A2, alphaL0: A0, beta: BETA }),
      loss: 'meanSquaredError',
    });
    const y3 = tf.zeros([4, 3]);
    await expect(inner.fit(x, y3, { epochs: 1, verbose: 0 })).rejects.toThrow(/'head\/kernel.*get no gradient/);
    tf.dispose([x, y, y3]);
  });

  it('freeze, fit, unfreeze, compile again: the unfrozen kernel is penalized from then on', async () => {
    const model = mlp();
    const eta = 0.1;
    const opt = l2l0Optimizer(tf.train.sgd(eta), { model, alphaL2: A2, alphaL0: A0, beta: BETA });
    const [x, y] = [tf.zeros([4, 5]), tf.zeros([4, 3])];
    const h = () => model.getLayer('h').getWeights()[0];
    const out = () => model.getLayer('out').getWeights()[0];

    model.getLayer('h').trainable = false;
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    let [h0, out0] = [h().clone(), out().clone()];
    await model.fit(x, y, { batchSize: 4, epochs: 1, verbose: 0 });
    expect(maxDiff(h(), h0)).toBe(0);
    let expected = attracted(out0, eta, A2, A0, BETA);
    expect(maxDiff(out(), expected)).toBeLessThan(1e-6);
    tf.dispose([h0, out0, expected]);

    model.getLayer('h').trainable = true;
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    [h0, out0] = [h().clone(), out().clone()];
    await model.fit(x, y, { batchSize: 4, epochs: 1, verbose: 0 });
    const expectedH = attracted(h0, eta, A2, A0, BETA);
    expected = attracted(out0, eta, A2, A0, BETA);
    expect(maxDiff(h(), expectedH)).toBeLessThan(1e-6);
    expect(maxDiff(out(), expected)).toBeLessThan(1e-6);
    expect(opt.penalizedWeights.map((p) => p.name)).toEqual([
      model.getLayer('h').weights[0].name,
      model.getLayer('out').weights[0].name,
    ]);
    tf.dispose([h0, out0, expected, expectedH, x, y]);
  });
});

describe('one learning rate, set the tfjs way', () => {
  it.each([
    ['SGD (attraction folded into the gradient)', () => tf.train.sgd(0.5), {}],
    ['Momentum (attraction decoupled)', () => tf.train.momentum(0.5, 0), {}],
    ['SGD with an explicit learningRate', () => tf.train.sgd(0.5), { learningRate: 0.5 }],
  ])(
    'optimizer.learningRate = x changes both the inner step and η of the attraction: %s',
    async (_name, inner, extra) => {
      const model = mlp();
      const opt = l2l0Optimizer(inner(), { model, alphaL2: A2, alphaL0: A0, beta: BETA, ...extra });
      model.compile({ optimizer: opt, loss: 'meanSquaredError' });
      const x = tf.randomNormal([8, 5], 0, 1, 'float32', 3);
      const y = tf.randomNormal([8, 3], 0, 1, 'float32', 4);
      opt.learningRate = 0.02;
      expect(opt.learningRate).toBe(0.02);
      expect((opt.inner as unknown as { learningRate: number }).learningRate).toBe(0.02);
      // Expected: eq. 17 at η = 0.02 (the loss gradient from an independent computation).
      const before = model.getWeights().map((w) => w.clone());
      const grads = tf.grads((...ws: tf.Tensor[]) => {
        const [w1, b1, w2, b2] = ws;
        const o = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
        return tf.mean(tf.square(tf.sub(o, y))) as tf.Scalar;
      })(before);
      await model.fit(x, y, { batchSize: 8, epochs: 1, verbose: 0, shuffle: false });
      model.getWeights().forEach((w, i) => {
        const step = tf.tidy(() => tf.sub(before[i], tf.mul(0.02, grads[i])));
        const expected =
          i % 2 === 1 ? step : tf.tidy(() => tf.sub(attracted(before[i], 0.02, A2, A0, BETA), tf.mul(0.02, grads[i])));
        expect(maxDiff(w, expected)).toBeLessThan(1e-6);
        tf.dispose([step, expected]);
      });
      tf.dispose([...before, ...grads, x, y]);
    },
  );

  it('refuses a learning rate that is not a positive finite number, naming its type', () => {
    const model = mlp();
    const opt = l2l0Optimizer(tf.train.sgd(0.5), { model, alphaL2: A2, alphaL0: A0, beta: BETA });
    expect(() => {
      (opt as unknown as { learningRate: unknown }).learningRate = '0.1';
    }).toThrow(/learningRate must be a finite number > 0, got the string '0.1'/);
    expect(() => (opt.learningRate = -1)).toThrow(/> 0/);
  });
});
