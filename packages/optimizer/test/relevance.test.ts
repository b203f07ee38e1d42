import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { DecoupledPenaltyOptimizer, relevanceOptimizer } from '../src/index.js';
import { roundTrip } from '@l0prune/testing/memory-io';

function dense(): tfl.LayersModel {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 3, name: 'd' })] });
  model.setWeights([
    tf.tensor2d([
      [0.5, -0.4, 0.3],
      [-0.2, 0.1, 0.8],
    ]),
    tf.tensor1d([0.1, 0.2, 0.3]),
  ]);
  return model;
}

/** One step with a hand-made gradient, so each weight's sensitivity |g| is known. */
function step(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  kernelGrad: number[][],
): { kernel: number[]; bias: number[] } {
  const [kernel, bias] = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const g = tf.tensor2d(kernelGrad);
  const gb = tf.tensor1d([0.5, 0.5, 0.5]);
  optimizer.applyGradients([
    { name: kernel.name, tensor: g },
    { name: bias.name, tensor: gb },
  ]);
  tf.dispose([g, gb]);
  return { kernel: Array.from(kernel.dataSync()), bias: Array.from(bias.dataSync()) };
}

describe('relevanceOptimizer: w ← w − λ·w·max(0, 1 − S) after the inner step', () => {
  const eta = 0.1;
  const lambda = 0.2;
  const grad = [
    [2, -1, 0.5],
    [0, -0.25, 1.5],
  ];
  const w0 = [0.5, -0.4, 0.3, -0.2, 0.1, 0.8];
  const g = grad.flat();

  it('leaves weights with |∂J/∂w| ≥ 1 at the plain SGD step and shrinks the others by 1 − λ(1 − |g|)', () => {
    const model = dense();
    const { kernel, bias } = step(model, relevanceOptimizer(tf.train.sgd(eta), { model, lambda }), grad);
    const expected = w0.map((w, i) => (w - eta * g[i]) * (1 - lambda * Math.max(0, 1 - Math.abs(g[i]))));
    kernel.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    // |g| ≥ 1: exactly the SGD step.
    for (const i of [0, 1, 5]) expect(kernel[i]).toBeCloseTo(w0[i] - eta * g[i], 7);
    // g = 0: shrunk by the full λ.
    expect(kernel[3]).toBeCloseTo(w0[3] * (1 - lambda), 7);
    // Biases are not in φ: plain SGD.
    bias.forEach((b, i) => expect(b).toBeCloseTo([0.1, 0.2, 0.3][i] - eta * 0.5, 6));
  });

  it("with sensitivity 'normalized' uses S = |g| / max|g| over the tensor", () => {
    const model = dense();
    const { kernel } = step(
      model,
      relevanceOptimizer(tf.train.sgd(eta), { model, lambda, sensitivity: 'normalized' }),
      grad,
    );
    const max = Math.max(...g.map(Math.abs));
    const expected = w0.map((w, i) => (w - eta * g[i]) * (1 - lambda * (1 - Math.abs(g[i]) / max)));
    kernel.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(kernel[0]).toBeCloseTo(w0[0] - eta * g[0], 7); // the most sensitive weight: untouched
  });

  it('is decoupled around momentum too and keeps no tensors', () => {
    const model = dense();
    const optimizer = relevanceOptimizer(tf.train.momentum(eta, 0.9), { model, lambda });
    step(model, optimizer, grad);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step(model, optimizer, grad);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves and restores with the model (λ, sensitivity, inner state)', async () => {
    const model = dense();
    model.compile({
      optimizer: relevanceOptimizer(tf.train.momentum(eta, 0.9), { model, lambda, sensitivity: 'normalized' }),
      loss: 'meanSquaredError',
    });
    await model.fit(tf.ones([4, 2]), tf.zeros([4, 3]), { epochs: 1, verbose: 0 });
    const loaded = await roundTrip(model, true);
    const restored = loaded.optimizer as DecoupledPenaltyOptimizer;
    expect(Object.prototype.isPrototypeOf.call(DecoupledPenaltyOptimizer.prototype, restored)).toBe(true);
    expect(restored.kind).toBe('relevance');
    expect(restored.sensitivity).toBe('normalized');
    expect(restored.globalParams).toEqual({ lambda });
    const x = tf.randomNormal([4, 2], 0, 1, 'float32', 5);
    const y = tf.zeros([4, 3]);
    await model.fit(x, y, { epochs: 1, verbose: 0, shuffle: false });
    await loaded.fit(x, y, { epochs: 1, verbose: 0, shuffle: false });
    const diff = model.getWeights().map((w, i) => tf.max(tf.abs(tf.sub(w, loaded.getWeights()[i]))).dataSync()[0]);
    expect(Math.max(...diff)).toBeLessThan(1e-7);
  });

  it.each([
    [{ lambda: -0.1 }, /lambda must be a finite number in \[0, 1\].*-0\.1/],
    [{ lambda: 1.5 }, /lambda must be a finite number in \[0, 1\]/],
    [{ lambda: NaN }, /lambda must be a finite number in \[0, 1\]/],
    [{}, /lambda is required/],
    [
      { lambda: 0.1, sensitivity: 'hessian' },
      /sensitivity must be one of gradient, normalized, got the string 'hessian'/,
    ],
    [{ lambda: 0.1, alpha: 1 }, /unknown option\(s\) alpha/],
  ])('rejects %o', (options, message) => {
    const model = dense();
    expect(() => relevanceOptimizer(tf.train.sgd(0.1), { model, ...(options as { lambda: number }) })).toThrow(message);
  });
});
