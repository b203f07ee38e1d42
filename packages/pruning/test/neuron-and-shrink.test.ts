import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { countParameters } from '@l0prune/core';
import { describe, expect, it } from 'vitest';
import { globalMagnitude, neuronPruning, prune, shrink } from '../src/index.js';
import { mlp, smallLenet } from './models.js';

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

/** Columns (units) of a [.., units] kernel that are entirely zero. */
function zeroUnits(kernel: tf.Tensor): number[] {
  const units = kernel.shape[kernel.shape.length - 1];
  const v = kernel.dataSync();
  const live = new Array(units).fill(false);
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) live[i % units] = true;
  return live.flatMap((l, j) => (l ? [] : [j]));
}

async function trained(model: tfl.LayersModel, inputShape: number[]) {
  const x = tf.randomNormal([16, ...inputShape], 0, 1, 'float32', 11);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 16 }, (_, i) => i % 3),
      'int32',
    ),
    model.outputs[0].shape[1] as number,
  );
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 }); // moves BN statistics off 0/1
  return x;
}

describe('neuron pruning (NP)', () => {
  it('zeroes whole units/filters with the smallest ℓ2 norms, with their biases, never the output layer', () => {
    const model = mlp();
    const kernel = model.getLayer('fc1').getWeights()[0];
    const norms = tf.tidy(() => Array.from(tf.sqrt(tf.sum(tf.square(kernel), 0)).dataSync()));
    const smallest = norms
      .map((n, j) => [n, j])
      .sort((a, b) => a[0] - b[0])
      .slice(0, 4)
      .map(([, j]) => j)
      .sort((a, b) => a - b);
    const { report } = prune(model, neuronPruning({ fraction: 0.25 }));
    expect(zeroUnits(model.getLayer('fc1').getWeights()[0])).toEqual(smallest);
    expect(zeroUnits(model.getLayer('fc2').getWeights()[0])).toHaveLength(3);
    expect(zeroUnits(model.getLayer('out').getWeights()[0])).toHaveLength(0);
    const bias = model.getLayer('fc1').getWeights()[1].dataSync();
    for (const j of smallest) expect(bias[j]).toBe(0);
    // The next layer's inputs from removed units are zero too, and MACs fall accordingly.
    expect(report.layers.find((l) => l.layerName === 'fc1')!.macs).toBe(20 * 12);
    expect(report.layers.find((l) => l.layerName === 'fc2')!.macs).toBe(12 * 9);
    expect(report.macs).toBeLessThan(report.macsBefore);
  });

  it('zeroes whole conv filters and reaches a FLOP-reduction target', async () => {
    const model = smallLenet();
    await trained(model, [12, 12, 1]);
    const { report } = prune(model, neuronPruning({ flopReduction: 0.4 }));
    expect(1 - report.macs / report.macsBefore).toBeGreaterThanOrEqual(0.4);
    expect(zeroUnits(model.getLayer('conv1').getWeights()[0]).length).toBeGreaterThan(0);
    expect(zeroUnits(model.getLayer('conv2').getWeights()[0]).length).toBeGreaterThan(0);
    expect(() => prune(smallLenet(), neuronPruning({ fraction: 0.5, layers: ['out'] }))).toThrow(
      /'out' cannot lose neurons: 'out' produces a model output/,
    );
  });
});

describe('shrink', () => {
  it('an NP-pruned LeNet becomes smaller and computes the same outputs', async () => {
    const model = smallLenet();
    const x = await trained(model, [12, 12, 1]);
    prune(model, neuronPruning({ fraction: 0.5 }));
    const { model: small, removedUnits } = await shrink(model);
    expect(removedUnits).toEqual({ conv1: 3, conv2: 4, fc1: 5 });
    expect(countParameters(small).total).toBeLessThan(countParameters(model).total);
    expect((small.getLayer('conv2') as unknown as { filters: number }).filters).toBe(4);
    const [a, b] = [model.predict(x) as tf.Tensor, small.predict(x) as tf.Tensor];
    expect(maxDiff(a, b)).toBeLessThan(1e-5);
  });

  it('NP+GP then shrink: equivalence holds and the functional API works', async () => {
    const input = tfl.input({ shape: [10] });
    const h = tfl.layers.dense({ units: 8, activation: 'tanh', name: 'h' }).apply(input) as tfl.SymbolicTensor;
    const d = tfl.layers.dropout({ rate: 0.1 }).apply(h) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 2, name: 'o' }).apply(d) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    prune(model, neuronPruning({ fraction: 0.5 }));
    prune(model, globalMagnitude(), { compressionRatio: 3 });
    const { model: small } = await shrink(model);
    const x = tf.randomNormal([5, 10]);
    expect(maxDiff(model.predict(x) as tf.Tensor, small.predict(x) as tf.Tensor)).toBeLessThan(1e-6);
    expect(countParameters(small).total).toBe(10 * 4 + 4 + 4 * 2 + 2);
  });

  it('leaves the groups of a layer it does not understand whole, and names it', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [4], units: 3, name: 'd' }),
        tfl.layers.repeatVector({ n: 2, name: 'rep' }),
      ],
    });
    const { removedUnits, ineligible } = await shrink(model);
    expect(removedUnits).toEqual({});
    expect(ineligible.d).toMatch(/'rep' \(RepeatVector\) is not understood|produces a model output/);
  });
});
