import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it, vi } from 'vitest';
import { l0Optimizer, l2l0Optimizer } from '../src/index.js';

const net = () =>
  tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [3], units: 4, name: 'a' }), tfl.layers.dense({ units: 1, name: 'b' })],
  });
const sgd = () => tf.train.sgd(0.1);
const ok = { alphaL2: 1e-4, alphaL0: 1e-4, beta: 5 };

describe('bad input', () => {
  it('names the parameter and the valid range', () => {
    const model = net();
    expect(() => l2l0Optimizer(sgd(), { model, ...ok, alphaL0: -1 })).toThrow(
      /alphaL0 must be a finite number ≥ 0, got -1/,
    );
    expect(() => l2l0Optimizer(sgd(), { model, ...ok, alphaL2: NaN })).toThrow(/alphaL2.*NaN/);
    expect(() => l2l0Optimizer(sgd(), { model, ...ok, beta: 0 })).toThrow(/beta must be a finite number > 0/);
    expect(() => l0Optimizer(sgd(), { model, alpha: Infinity, beta: 5 })).toThrow(/alpha.*Infinity/);
    // @ts-expect-error alphaL0 missing
    expect(() => l2l0Optimizer(sgd(), { model, alphaL2: 0, beta: 5 })).toThrow(/alphaL0 is required/);
    // @ts-expect-error a typo is not silently ignored
    expect(() => l2l0Optimizer(sgd(), { model, ...ok, alphaLO: 1 })).toThrow(/unknown option\(s\) alphaLO/);
    // @ts-expect-error an invalid normalization
    expect(() => l2l0Optimizer(sgd(), { model, ...ok, normalize: 'norm' })).toThrow(
      /normalize must be 'none' or 'layer-size'/,
    );
    expect(() => l2l0Optimizer(sgd(), { model, ...ok, learningRate: 0 })).toThrow(
      /learningRate must be a finite number > 0/,
    );
    expect(() => l2l0Optimizer(sgd(), { model, ...ok, finiteCheckInterval: 1.5 })).toThrow(
      /finiteCheckInterval must be an integer ≥ 0/,
    );
    expect(() => l2l0Optimizer(sgd(), { model, ...ok, layers: { nope: { beta: 2 } } })).toThrow(
      /'nope'.*valid layers are 'a', 'b'/,
    );
    // @ts-expect-error unknown per-layer parameter
    expect(() => l2l0Optimizer(sgd(), { model, ...ok, layers: { a: { gamma: 2 } } })).toThrow(
      /unknown parameter\(s\) gamma/,
    );
    expect(() => l2l0Optimizer(sgd(), { model, ...ok, layers: { a: { beta: -2 } } })).toThrow(/beta must be/);
    // @ts-expect-error not an optimizer
    expect(() => l2l0Optimizer({}, { model, ...ok })).toThrow(/'inner' must be a tf.Optimizer/);
    const noModelWeights = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [2, 2] })] });
    expect(() => l2l0Optimizer(sgd(), { model: noModelWeights, ...ok })).toThrow(/no prunable weights/);
  });

  it('requires a learning rate when the inner optimizer has none', () => {
    const custom = Object.assign(Object.create(tf.Optimizer.prototype), { applyGradients: () => {} }) as tf.Optimizer;
    expect(() => l2l0Optimizer(custom, { model: net(), ...ok })).toThrow(/has no learning rate; pass learningRate/);
    expect(() => l2l0Optimizer(custom, { model: net(), ...ok, learningRate: 0.1 })).not.toThrow();
  });

  it('without a model, asks for one at the first step', async () => {
    const model = net();
    model.compile({ optimizer: l2l0Optimizer(sgd(), ok), loss: 'meanSquaredError' });
    await expect(model.fit(tf.ones([2, 3]), tf.ones([2, 1]), { verbose: 0 })).rejects.toThrow(
      /pass \{ model \} or call optimizer.attach/,
    );
  });

  it('stops training with a clear error when a weight turns NaN', async () => {
    const model = net();
    model.compile({ optimizer: l2l0Optimizer(sgd(), { model, ...ok }), loss: 'meanSquaredError' });
    const x = tf.tensor2d([[1, NaN, 0]]);
    await expect(model.fit(x, tf.ones([1, 1]), { verbose: 0 })).rejects.toThrow(/became NaN or Infinity at step 1/);
  });

  it('warns once when α₀ exceeds the Table 1 bound at the pruning threshold', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const model = net();
    // Bound at t = 1e-3, η = 0.1, β = 5: 2t/(ηβe^{−βt}) ≈ 4.02e-3.
    model.compile({
      optimizer: l2l0Optimizer(sgd(), { model, ...ok, alphaL0: 5e-3, pruningThreshold: 1e-3 }),
      loss: 'meanSquaredError',
    });
    await model.fit(tf.ones([4, 3]), tf.ones([4, 1]), { batchSize: 1, verbose: 0 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(
      /alphaL0 = 0.005 exceeds the Table 1 bound 0.00402 at the pruning threshold 0.001/,
    );
    warn.mockClear();
    const quiet = net();
    quiet.compile({
      optimizer: l2l0Optimizer(sgd(), { model: quiet, ...ok, alphaL0: 3e-3, pruningThreshold: 1e-3 }),
      loss: 'meanSquaredError',
    });
    await quiet.fit(tf.ones([4, 3]), tf.ones([4, 1]), { verbose: 0 });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
