import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { countParameters } from '../src/index.js';

function lenet300(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [784], units: 300, activation: 'relu', name: 'fc1' }),
      tfl.layers.dense({ units: 100, activation: 'relu', name: 'fc2' }),
      tfl.layers.dense({ units: 10, activation: 'softmax', name: 'fc3' }),
    ],
  });
}

describe('countParameters', () => {
  it("counts LeNet-300-100's 266,610 parameters, biases included", () => {
    const counts = countParameters(lenet300());
    expect(counts.total).toBe(266_610);
    expect(counts.layers.map((l) => [l.layerName, l.total])).toEqual([
      ['fc1', 235_500],
      ['fc2', 30_100],
      ['fc3', 1_010],
    ]);
  });

  it('counts nonzeros (zero biases are zeros) and gives the ratio', () => {
    const model = lenet300();
    // Keep 100 weights of fc1's kernel, zero the rest; biases start at zero.
    const kernel = model.getLayer('fc1').getWeights()[0];
    const mask = tf.tidy(() => tf.reshape(tf.concat([tf.ones([100]), tf.zeros([784 * 300 - 100])]), [784, 300]));
    const bias = model.getLayer('fc1').getWeights()[1];
    model.getLayer('fc1').setWeights([tf.mul(kernel, mask), bias]);
    const fc2 = model.getLayer('fc2').getWeights();
    model.getLayer('fc2').setWeights(fc2.map((w) => tf.zerosLike(w)));
    const counts = countParameters(model);
    const fc1 = counts.layers[0];
    expect(fc1.nonzero).toBe(tf.tidy(() => tf.sum(tf.notEqual(tf.mul(kernel, mask), 0)).dataSync()[0]));
    expect(counts.layers[1].nonzero).toBe(0);
    expect(counts.layers[1].compressionRatio).toBe(Infinity);
    expect(counts.nonzero).toBe(fc1.nonzero + counts.layers[2].nonzero);
    expect(counts.compressionRatio).toBeCloseTo(266_610 / counts.nonzero, 10);
  });

  it('counts BatchNorm statistics and shared layers once', () => {
    const shared = tfl.layers.dense({ units: 3, name: 'shared' });
    const input = tfl.input({ shape: [3] });
    const y = shared.apply(shared.apply(input)) as tfl.SymbolicTensor;
    const out = tfl.layers.batchNormalization({ name: 'bn' }).apply(y) as tfl.SymbolicTensor;
    const counts = countParameters(tfl.model({ inputs: input, outputs: out }));
    expect(counts.total).toBe(3 * 3 + 3 + 4 * 3);
  });
});
