import { countParameters } from '@l0prune/core';
import { chooseBackend } from '@l0prune/backend';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { lenet300100, lenet5Caffe, loadMnist } from '../src/index.js';

describe('models', () => {
  it('LeNet-300-100 has 266,610 parameters and LeNet-5-Caffe 431,080', () => {
    expect(countParameters(lenet300100()).total).toBe(266_610);
    expect(countParameters(lenet5Caffe()).total).toBe(431_080);
  });

  // A small batch: the cpu backend's LeNet-5 gradient is one long synchronous call, and under load
  // a long one starves vitest's worker RPC ("Timeout calling onTaskUpdate").
  const BATCH = 4;
  it('LeNet-5 on wasm: gradients equal the cpu backend, and a few steps lower the loss', async () => {
    const data = loadMnist({ trainLimit: BATCH, testLimit: 1, validationSize: 1 });
    const xs = Array.from(data.train.xs.dataSync());
    const ys = Array.from(data.train.ys.dataSync());
    const weights = lenet5Caffe({ seed: 1 })
      .getWeights()
      .map((w) => ({ shape: w.shape, values: Array.from(w.dataSync()) }));
    data.dispose();
    const gradsOn = async (backend: 'cpu' | 'wasm') => {
      await chooseBackend({ backend, log: () => {} });
      const model = lenet5Caffe();
      model.setWeights(weights.map((w) => tf.tensor(w.values, w.shape)));
      const x = tf.tensor4d(xs, [BATCH, 28, 28, 1]);
      const y = tf.tensor2d(ys, [BATCH, 10]);
      const { grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar,
      );
      const out = model.trainableWeights.map((v) => Array.from(grads[v.name].dataSync()));
      tf.dispose([x, y, ...Object.values(grads)]);
      return { out, model, x: () => tf.tensor4d(xs, [BATCH, 28, 28, 1]), y: () => tf.tensor2d(ys, [BATCH, 10]) };
    };
    const cpu = await gradsOn('cpu');
    const wasm = await gradsOn('wasm');
    cpu.out.forEach((g, i) => {
      const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const worst = g.reduce((m, v, j) => Math.max(m, Math.abs(v - wasm.out[i][j])), 0);
      expect(worst / scale).toBeLessThan(1e-3);
    });
    const { model } = wasm;
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
    const [x, y] = [wasm.x(), wasm.y()];
    const losses: number[] = [];
    for (let i = 0; i < 5; i++) losses.push((await model.trainOnBatch(x, y)) as number);
    expect(losses[4]).toBeLessThan(losses[0]);
    await tf.setBackend('cpu');
  });
});
