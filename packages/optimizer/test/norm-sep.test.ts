import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { l2l0Optimizer } from '../src/index.js';

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
});
