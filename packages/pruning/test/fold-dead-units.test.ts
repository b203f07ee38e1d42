import { countParameters } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { foldDeadUnits, layerwiseMagnitude, maskedOptimizer, prune } from '../src/index.js';
import { smallLenet } from './models.js';

const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

/** LeNet-5-Caffe's chain in miniature, without BatchNormalization. */
function lenetChain(padding: 'valid' | 'same' = 'valid') {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [16, 16, 1],
        filters: 6,
        kernelSize: 3,
        activation: 'relu',
        name: 'conv1',
        kernelInitializer: init(1),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      tfl.layers.conv2d({
        filters: 8,
        kernelSize: 3,
        padding,
        activation: 'relu',
        name: 'conv2',
        kernelInitializer: init(2),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
      tfl.layers.flatten({ name: 'flat' }),
      tfl.layers.dense({ units: 16, activation: 'relu', name: 'fc1', kernelInitializer: init(3) }),
      tfl.layers.dropout({ rate: 0.2, name: 'drop' }),
      tfl.layers.dense({ units: 3, activation: 'softmax', name: 'out', kernelInitializer: init(4) }),
    ],
  });
}

/** Biases away from their zero initial values, as training leaves them (positive, so ReLU passes them). */
function setBiases(model: tfl.LayersModel) {
  model.layers.forEach((layer, i) => {
    const weights = layer.getWeights();
    if (weights.length !== 2) return;
    const bias = tf.randomUniform(weights[1]!.shape, 0.05, 0.5, 'float32', 100 + i);
    layer.setWeights([weights[0]!, bias]);
    bias.dispose();
  });
}

function prunedLenet(padding: 'valid' | 'same' = 'valid') {
  const model = lenetChain(padding);
  setBiases(model);
  prune(model, layerwiseMagnitude(), { sparsity: 0.85 });
  return model;
}

/** Dense 'a' (ReLU unless told) → Dense 'b' with the given weights: the smallest case to check values by hand. */
function denseAB(
  kernelA: number[][],
  biasA: number[],
  kernelB: number[][],
  biasB: number[],
  activation: 'relu' | 'sigmoid' = 'relu',
) {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [kernelA.length], units: biasA.length, activation, name: 'a' }),
      tfl.layers.dense({ units: biasB.length, name: 'b' }),
    ],
  });
  const weights = [tf.tensor2d(kernelA), tf.tensor1d(biasA), tf.tensor2d(kernelB), tf.tensor1d(biasB)];
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/** denseAB whose unit a0 has no input weights (bias 0.5) and is read by b with weight 3; a1 is fed and read. */
const firstUnitWithoutInputs = (activation: 'relu' | 'sigmoid') =>
  denseAB(
    [
      [0, 1],
      [0, 2],
    ],
    [0.5, 0.25],
    [[3], [4]],
    [1],
    activation,
  );

describe('foldDeadUnits', () => {
  it('frees the biases and weights of units GP left without inputs or readers; outputs unchanged', () => {
    const model = prunedLenet();
    const x = tf.randomNormal([4, 16, 16, 1], 0, 1, 'float32', 7);
    const before = model.predict(x) as tf.Tensor;
    const nonzeroBefore = countParameters(model).nonzero;
    const result = foldDeadUnits(model);
    const after = model.predict(x) as tf.Tensor;
    expect(maxDiff(before, after)).toBeLessThan(1e-5);
    expect(Object.keys(result.ineligible)).toEqual([]);
    const freed = nonzeroBefore - countParameters(model).nonzero;
    expect(freed).toBeGreaterThan(0);
    expect(
      Object.values(result.folded).reduce((a, b) => a + b, 0) + Object.values(result.unread).reduce((a, b) => a + b, 0),
    ).toBeGreaterThan(0);
    // Every cleared entry is zero and masked; folded units' biases among them.
    for (const [name, mask] of result.masks) {
      const v = model.weights
        .find((w) => w.name === name)!
        .read()
        .dataSync();
      mask.values.forEach((m, k) => m === 0 && expect(v[k]).toBe(0));
    }
    // A second pass finds nothing more.
    const again = foldDeadUnits(model);
    expect(again.folded).toEqual({});
    expect(again.unread).toEqual({});
    tf.dispose([x, before, after]);
  });

  it('folds a unit without inputs into the next bias exactly: b₂ += relu(b₁)·w', () => {
    const model = firstUnitWithoutInputs('relu');
    const result = foldDeadUnits(model);
    expect(result.folded).toEqual({ a: 1 });
    const [kernelA, biasA] = model.getLayer('a').getWeights();
    const [kernelB, biasB] = model.getLayer('b').getWeights();
    expect(Array.from(kernelA!.dataSync())).toEqual([0, 1, 0, 2]);
    expect(Array.from(biasA!.dataSync())).toEqual([0, 0.25]);
    expect(Array.from(kernelB!.dataSync())).toEqual([0, 4]);
    expect(Array.from(biasB!.dataSync())).toEqual([1 + 0.5 * 3]);
    expect(Array.from(result.masks.get(model.getLayer('a').weights[1]!.name)!.values)).toEqual([0, 1]);
  });

  it('clears a unit nothing reads, and one whose ReLU makes its constant 0', () => {
    const model = denseAB(
      [
        [1, 0, 5],
        [2, 0, 6],
      ],
      [0.1, -0.3, 0.2],
      [[3], [7], [0]],
      [1],
    );
    const result = foldDeadUnits(model);
    expect(result.unread).toEqual({ a: 1 }); // unit 2: read by nobody
    expect(result.folded).toEqual({ a: 1 }); // unit 1: relu(−0.3) = 0, nothing to add
    expect(Array.from(model.getLayer('a').getWeights()[0]!.dataSync())).toEqual([1, 0, 0, 2, 0, 0]);
    expect(Array.from(model.getLayer('a').getWeights()[1]!.dataSync())).toEqual([0.1, 0, 0].map(Math.fround));
    expect(Array.from(model.getLayer('b').getWeights()[0]!.dataSync())).toEqual([3, 0, 0]);
    expect(Array.from(model.getLayer('b').getWeights()[1]!.dataSync())).toEqual([1]);
  });

  it('folds through BatchNormalization (its moving statistics) and a sigmoid; outputs unchanged', () => {
    const model = smallLenet();
    setBiases(model);
    const bn = model.getLayer('bn2');
    const stats = [tf.randomUniform([8], 0.5, 2, 'float32', 1), tf.randomUniform([8], -0.5, 0.5, 'float32', 2)];
    stats.push(tf.randomUniform([8], -0.3, 0.3, 'float32', 3), tf.randomUniform([8], 0.5, 2, 'float32', 4));
    bn.setWeights(stats); // γ, β, moving mean, moving variance
    // conv2's channels 0 and 1 lose every input (constants), fc1 no longer reads channel 2 (flattened: every 8th row).
    const [kernel2, bias2] = model.getLayer('conv2').getWeights();
    const channel = tf.tidy(() => tf.mod(tf.range(0, kernel2!.size), 8));
    const inputsKept = tf.tidy(() => tf.mul(kernel2!, tf.reshape(tf.greater(channel, 1), kernel2!.shape)));
    model.getLayer('conv2').setWeights([inputsKept, bias2!]);
    const [kernelFc, biasFc] = model.getLayer('fc1').getWeights();
    const rowsKept = tf.tidy(() =>
      tf.mul(
        kernelFc!,
        tf.cast(tf.expandDims(tf.notEqual(tf.mod(tf.range(0, kernelFc!.shape[0]!), 8), 2), 1), 'float32'),
      ),
    );
    model.getLayer('fc1').setWeights([rowsKept, biasFc!]);
    const x = tf.randomNormal([3, 12, 12, 1], 0, 1, 'float32', 9);
    const before = model.predict(x) as tf.Tensor;
    const result = foldDeadUnits(model);
    const after = model.predict(x) as tf.Tensor;
    expect(result.folded.conv2).toBe(2);
    expect(result.unread.conv2).toBe(1);
    expect(result.ineligible.conv2).toBeUndefined();
    expect(maxDiff(before, after)).toBeLessThan(1e-5);

    const sigmoid = firstUnitWithoutInputs('sigmoid');
    expect(foldDeadUnits(sigmoid).folded).toEqual({ a: 1 });
    expect(sigmoid.getLayer('b').getWeights()[1]!.dataSync()[0]).toBeCloseTo(1 + 3 / (1 + Math.exp(-0.5)), 5);
    tf.dispose([...stats, kernel2!, bias2!, channel, inputsKept, kernelFc!, biasFc!, rowsKept, x, before, after]);
  });

  it('leaves what it cannot fold exactly, and says why: padding, BatchNormalization per position, softmax, branches', () => {
    const padded = prunedLenet('same');
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 3);
    const before = padded.predict(x) as tf.Tensor;
    const result = foldDeadUnits(padded);
    expect(result.ineligible.conv1).toMatch(/'conv2' pads its input/);
    expect(result.folded.conv1).toBeUndefined();
    const after = padded.predict(x) as tf.Tensor;
    expect(maxDiff(before, after)).toBeLessThan(1e-5);

    const bnAfterFlatten = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, name: 'conv' }),
        tfl.layers.flatten(),
        tfl.layers.batchNormalization({ name: 'bn' }),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    expect(foldDeadUnits(bnAfterFlatten).ineligible.conv).toMatch(/'bn' normalizes each position after Flatten/);

    // A softmax between two layers mixes the units: not even an unread one may be cleared.
    const softmax = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [2], units: 3, name: 'a' }),
        tfl.layers.activation({ activation: 'softmax', name: 'mix' }),
        tfl.layers.dense({ units: 1, name: 'b' }),
      ],
    });
    softmax.getLayer('b').setWeights([tf.tensor2d([[1], [0], [0]]), tf.tensor1d([0])]);
    const mixed = foldDeadUnits(softmax);
    expect(mixed.ineligible.a).toMatch(/'mix' has a softmax/);
    expect(mixed.unread).toEqual({});

    const input = tfl.input({ shape: [4] });
    const h = tfl.layers.dense({ units: 4, activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
    const sum = tfl.layers.add().apply([h, input]) as tfl.SymbolicTensor;
    const residual = tfl.model({
      inputs: input,
      outputs: tfl.layers.dense({ units: 2 }).apply(sum) as tfl.SymbolicTensor,
    });
    expect(Object.values(foldDeadUnits(residual).ineligible)[0]).toMatch(/not a chain of layers/);
    tf.dispose([x, before, after]);
  });

  it('its masks keep the folded units dead through FT, and nothing leaks', async () => {
    const model = prunedLenet();
    const { masks: pruneMasks } = prune(model, layerwiseMagnitude(), { sparsity: 0.85 });
    const start = tf.memory().numTensors;
    const { masks } = foldDeadUnits(model);
    expect(tf.memory().numTensors).toBe(start);
    const all = new Map([...pruneMasks, ...masks]);
    for (const [name, mask] of masks) {
      const kernel = pruneMasks.get(name);
      if (kernel) all.set(name, { shape: mask.shape, values: mask.values.map((m, k) => m & kernel.values[k]!) });
    }
    const nonzero = countParameters(model).nonzero;
    model.compile({ optimizer: maskedOptimizer(tf.train.sgd(0.1), all), loss: 'categoricalCrossentropy' });
    const x = tf.randomNormal([8, 16, 16, 1], 0, 1, 'float32', 5);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
    expect(countParameters(model).nonzero).toBeLessThanOrEqual(nonzero);
    for (const [name, mask] of masks) {
      const v = model.weights
        .find((w) => w.name === name)!
        .read()
        .dataSync();
      mask.values.forEach((m, k) => m === 0 && expect(v[k]).toBe(0));
    }
    tf.dispose([x, y]);
  });
});
