import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { l2l0Optimizer } from '../src/index.js';

describe('no tensor leaks', () => {
  it('tf.memory().numTensors stays flat over 100 training steps', async () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [6], units: 8, activation: 'relu' }), tfl.layers.dense({ units: 2 })],
    });
    model.compile({
      optimizer: l2l0Optimizer(tf.train.adam(0.01), { model, alphaL2: 1e-3, alphaL0: 1e-3, beta: 5 }),
      loss: 'meanSquaredError',
    });
    const x = tf.randomNormal([100, 6]);
    const y = tf.randomNormal([100, 2]);
    await model.fit(x, y, { batchSize: 10, epochs: 1, verbose: 0 }); // creates Adam's slots
    const [xs, ys] = [tf.slice(x, 0, 5), tf.slice(y, 0, 5)];
    const before = tf.memory().numTensors;
    await model.fit(x, y, { batchSize: 1, epochs: 1, verbose: 0 }); // 100 steps
    for (let i = 0; i < 5; i++) await model.trainOnBatch(xs, ys);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y, xs, ys]);
  });
});
