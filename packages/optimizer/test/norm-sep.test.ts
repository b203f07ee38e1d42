import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { roundTrip } from '@l0prune/testing/memory-io';
import { describe, expect, it } from 'vitest';
import { type DecoupledPenaltyOptimizer, l2l0Optimizer } from '../src/index.js';

function lenet300(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [784], units: 300, name: 'fc1' }),
      tfl.layers.dense({ units: 100, name: 'fc2' }),
      tfl.layers.dense({ units: 10, name: 'fc3' }),
    ],
  });
}

describe('NORM and SEP', () => {
  it("NORM scales α's by sqrt(n_layer / n_largest), β untouched", () => {
    const model = lenet300();
    const opt = l2l0Optimizer(tf.train.sgd(0.1), {
      model,
      alphaL2: 1e-4,
      alphaL0: 1e-3,
      beta: 5,
      normalize: 'layer-size',
    });
    const sizes = [784 * 300, 300 * 100, 100 * 10];
    opt.penalizedWeights.forEach((p, i) => {
      const scale = Math.sqrt(sizes[i] / sizes[0]);
      expect(p.size).toBe(sizes[i]);
      expect(p.params.alphaL2).toBeCloseTo(1e-4 * scale, 12);
      expect(p.params.alphaL0).toBeCloseTo(1e-3 * scale, 12);
      expect(p.params.beta).toBe(5);
    });
    // Kernels sit at trainable positions 0, 2, 4 (biases between).
    expect(opt.penalizedWeights.map((p) => p.index)).toEqual([0, 2, 4]);
  });

  it('SEP: per-layer values replace the (normalized) global ones as given', () => {
    const model = lenet300();
    const opt = l2l0Optimizer(tf.train.sgd(0.1), {
      model,
      alphaL2: 1e-4,
      alphaL0: 1e-3,
      beta: 5,
      normalize: 'layer-size',
      layers: { fc2: { alphaL0: 7e-3, beta: 10 } },
    });
    const fc2 = opt.penalizedWeights[1].params;
    expect(fc2.alphaL0).toBe(7e-3);
    expect(fc2.beta).toBe(10);
    expect(fc2.alphaL2).toBeCloseTo(1e-4 * Math.sqrt(30_000 / 235_200), 12);
  });

  it("normalizedParameters: NORM scales only the named α's (the authors' code: α₀ scaled, α₂ the same everywhere)", async () => {
    const model = lenet300();
    const options = { model, alphaL2: 1e-4, alphaL0: 1e-3, beta: 5, normalize: 'layer-size' as const };
    const opt = l2l0Optimizer(tf.train.sgd(0.1), { ...options, normalizedParameters: ['alphaL0'] });
    const sizes = [784 * 300, 300 * 100, 100 * 10];
    opt.penalizedWeights.forEach((p, i) => {
      expect(p.params.alphaL2).toBe(1e-4);
      expect(p.params.alphaL0).toBeCloseTo(1e-3 * Math.sqrt(sizes[i] / sizes[0]), 12);
    });
    // The default differs (both α's scaled), so the option is never a no-op.
    const both = l2l0Optimizer(tf.train.sgd(0.1), options);
    expect(both.penalizedWeights[2].params.alphaL2).toBeLessThan(1e-5);

    // Saved with the model and restored: re-attached, the restored optimizer resolves the same α's.
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    await model.fit(tf.zeros([2, 784]), tf.zeros([2, 10]), { epochs: 1, verbose: 0 });
    const loaded = await roundTrip(model, true);
    const restored = (loaded.optimizer as DecoupledPenaltyOptimizer).attach(loaded);
    expect(restored.normalizedParameters).toEqual(['alphaL0']);
    expect(restored.penalizedWeights.map((p) => p.params)).toEqual(opt.penalizedWeights.map((p) => p.params));
  });

  it('normalizedParameters: refused when it would mean nothing, naming the fix', () => {
    const model = lenet300();
    const sgd = tf.train.sgd(0.1);
    const params = { model, alphaL2: 1e-4, alphaL0: 1e-3, beta: 5 };
    expect(() => l2l0Optimizer(sgd, { ...params, normalizedParameters: ['alphaL0'] })).toThrow(
      /normalize is 'none'; pass normalize: 'layer-size' or leave normalizedParameters out/,
    );
    for (const bad of [[], ['alpha'], 'alphaL0']) {
      expect(() =>
        l2l0Optimizer(sgd, {
          ...params,
          normalize: 'layer-size',
          normalizedParameters: bad as unknown as string[],
        }),
      ).toThrow(/normalizedParameters must be a non-empty list of the penalty's parameters \(alphaL2, alphaL0, beta\)/);
    }
  });
});
