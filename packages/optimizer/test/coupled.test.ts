import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { l2l0Regularizer } from '@l0prune/regularizer';
import { roundTrip } from '@l0prune/testing/memory-io';
import { describe, expect, it } from 'vitest';
import { type DecoupledPenaltyOptimizer, l2l0Optimizer, relevanceOptimizer } from '../src/index.js';

const PARAMS = { alphaL2: 0.01, alphaL0: 0.005, beta: 5 };

/** Kernels regularized (the Keras way, the penalty in the loss) or not; same seeded weights either way. */
function mlp(regularized: boolean): tfl.LayersModel {
  const kernelRegularizer = regularized ? l2l0Regularizer(PARAMS) : undefined;
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [5],
        units: 7,
        activation: 'relu',
        name: 'h',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
        kernelRegularizer,
      }),
      tfl.layers.dense({
        units: 3,
        name: 'out',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
        kernelRegularizer,
      }),
    ],
  });
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

async function train(model: tfl.LayersModel, optimizer: tf.Optimizer, steps: number): Promise<tf.Tensor[]> {
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const x = tf.randomNormal([16, 5], 0, 1, 'float32', 3);
  const y = tf.randomNormal([16, 3], 0, 1, 'float32', 4);
  await model.fit(x, y, { batchSize: 16, epochs: steps, verbose: 0, shuffle: false });
  tf.dispose([x, y]);
  return model.getWeights();
}

/** The same network trained `steps` steps with the penalty coupled, and with the default step, around `inner()`. */
async function coupledAndDefault(inner: () => tf.Optimizer, steps: number): Promise<[tf.Tensor[], tf.Tensor[]]> {
  const runs: tf.Tensor[][] = [];
  for (const coupled of [true, false]) {
    const model = mlp(false);
    runs.push(await train(model, l2l0Optimizer(inner(), { model, ...PARAMS, coupled }), steps));
  }
  return [runs[0]!, runs[1]!];
}

describe('coupled: the penalty gradient joins the loss gradient before the inner optimizer', () => {
  it('around Adam matches Adam on the loss plus the L2L0 regularizer (a Keras kernel_regularizer)', async () => {
    const keras = await train(mlp(true), tf.train.adam(0.01), 5);
    const model = mlp(false);
    const coupled = await train(model, l2l0Optimizer(tf.train.adam(0.01), { model, ...PARAMS, coupled: true }), 5);
    coupled.forEach((w, i) => expect(maxDiff(w, keras[i])).toBeLessThan(1e-6));
  });

  it('around Adam is not the decoupled step (so the option is never a no-op)', async () => {
    const [coupled, decoupled] = await coupledAndDefault(() => tf.train.adam(0.01), 5);
    expect(maxDiff(coupled[0], decoupled[0])).toBeGreaterThan(1e-4);
  });

  it('around plain SGD is eq. 17, the same step as the default', async () => {
    const [coupled, folded] = await coupledAndDefault(() => tf.train.sgd(0.05), 3);
    coupled.forEach((w, i) => expect(maxDiff(w, folded[i])).toBeLessThan(1e-6));
  });

  it('is saved with the model and restored', async () => {
    const model = mlp(false);
    await train(model, l2l0Optimizer(tf.train.adam(0.01), { model, ...PARAMS, coupled: true }), 1);
    const restored = (await roundTrip(model, true)).optimizer as DecoupledPenaltyOptimizer;
    expect(restored.coupled).toBe(true);
    expect(restored.getConfig().coupled).toBe(true);
  });

  it('refuses what it cannot do, naming the fix', () => {
    const model = mlp(false);
    const adam = tf.train.adam(0.01);
    expect(() => l2l0Optimizer(adam, { model, ...PARAMS, coupled: 'yes' as unknown as boolean })).toThrow(
      /coupled must be true or false, got/,
    );
    expect(() => l2l0Optimizer(adam, { model, ...PARAMS, coupled: true, learningRate: 0.1 })).toThrow(
      /pass one or the other/,
    );
    expect(() =>
      relevanceOptimizer(adam, { model, lambda: 0.1, coupled: true } as Parameters<typeof relevanceOptimizer>[1]),
    ).toThrow(/leave coupled out/);
  });
});
