import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  type L0,
  type L2L0,
  attachRegularizer,
  l0Regularizer,
  l2l0Regularizer,
  type Regularizer,
} from '../src/index.js';
import { roundTrip } from '@l0prune/testing/memory-io';

function net(kernelRegularizer?: Regularizer): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [3], units: 4, name: 'a', kernelRegularizer }),
      tfl.layers.dense({ units: 2, name: 'b' }),
    ],
  });
}

// A Sequential's own calculateLosses() is empty (its inner model trains); ask the layers.
const lossesOf = (model: tfl.LayersModel) => model.layers.flatMap((l) => l.losses);
const penaltyOf = (model: tfl.LayersModel) =>
  tf.tidy(() => model.layers.flatMap((l) => l.calculateLosses()).reduce((s, l) => s + l.dataSync()[0], 0));

describe('tfjs regularizers', () => {
  it('are real tfjs Regularizers usable as kernelRegularizer, adding the penalty to the loss', () => {
    const reg = l0Regularizer({ alpha: 0.01, beta: 5 });
    const model = net(reg);
    const kernel = model.getLayer('a').getWeights()[0];
    const expected = tf.tidy(() => 0.01 * tf.sum(tf.sub(1, tf.exp(tf.mul(-5, tf.abs(kernel))))).dataSync()[0]);
    expect(penaltyOf(model)).toBeCloseTo(expected, 5);
  });

  it('L2L0 adds α₂Σw² + α₀Σ(1 − e^{−β|w|})', () => {
    const model = net(l2l0Regularizer({ alphaL2: 0.1, alphaL0: 0.02, beta: 10 }));
    const k = model.getLayer('a').getWeights()[0];
    const expected = tf.tidy(
      () =>
        0.1 * tf.sum(tf.square(k)).dataSync()[0] +
        0.02 * tf.sum(tf.sub(1, tf.exp(tf.mul(-10, tf.abs(k))))).dataSync()[0],
    );
    expect(penaltyOf(model)).toBeCloseTo(expected, 5);
  });

  it('survive save and load, registered as L0 and L2L0', async () => {
    for (const reg of <Array<L0 | L2L0>>[
      l0Regularizer({ alpha: 0.003, beta: 7 }),
      l2l0Regularizer({ alphaL2: 1e-4, alphaL0: 2e-3, beta: 5 }),
    ]) {
      const model = net(reg);
      const json = JSON.stringify(model.toJSON(null, false));
      expect(json).toContain(`"class_name":"${reg.getClassName()}"`);
      const loaded = await roundTrip(model);
      const restored = (loaded.getLayer('a') as unknown as { kernelRegularizer: L0 | L2L0 }).kernelRegularizer;
      expect(restored).toBeInstanceOf(reg.constructor);
      expect(restored.getConfig()).toEqual(reg.getConfig());
      expect(penaltyOf(loaded)).toBeCloseTo(penaltyOf(model), 5);
    }
  });

  it('attach to an already-built model: the loss, training and the saved config all see it', async () => {
    const model = net();
    const plain = net();
    plain.setWeights(model.getWeights());
    expect(lossesOf(model)).toHaveLength(0);
    expect(attachRegularizer(model, l2l0Regularizer({ alphaL2: 0.5, alphaL0: 0.5, beta: 5 }))).toBe(2);
    expect(lossesOf(model)).toHaveLength(2);
    const x = tf.randomNormal([8, 3]);
    const y = tf.zeros([8, 2]);
    for (const m of [model, plain]) {
      m.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
      await m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    }
    // The same data and start: only the penalty can make the kernels differ.
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(model.getWeights()[0], plain.getWeights()[0]))).dataSync()[0]);
    expect(diff).toBeGreaterThan(1e-3);
    const loaded = await roundTrip(model);
    expect(lossesOf(loaded)).toHaveLength(2);
    expect(penaltyOf(loaded)).toBeCloseTo(penaltyOf(model), 5);
    expect(() => attachRegularizer(model, l0Regularizer({ alpha: 1, beta: 5 }))).toThrow(/already has a regularizer/);
    tf.dispose([x, y]);
  });

  it('attach rejects a model without prunable weights and a non-regularizer', () => {
    const model = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [2, 2] })] });
    expect(() => attachRegularizer(model, l0Regularizer({ alpha: 1, beta: 5 }))).toThrow(/no prunable weights/);
    // @ts-expect-error not a regularizer
    expect(() => attachRegularizer(net(), {})).toThrow(/must be a tfjs Regularizer/);
  });
});
