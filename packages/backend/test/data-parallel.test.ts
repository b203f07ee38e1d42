import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DataParallel, dataParallel, defaultThreads } from '../src/data-parallel/index.js';
import { chooseBackend } from '../src/index.js';
import { ScaleLayer } from './fixtures/scale-layer.mjs';

const SETUP = new URL('./fixtures/scale-layer.mjs', import.meta.url);

beforeAll(async () => {
  await chooseBackend({ backend: 'wasm', log: () => {} });
});

let handles: DataParallel[] = [];
afterEach(async () => {
  await Promise.all(handles.map((h) => h.dispose()));
  handles = [];
});

async function parallel(model: tfl.LayersModel, options: Parameters<typeof dataParallel>[1]) {
  const handle = await dataParallel(model, options);
  handles.push(handle);
  return handle;
}

/** A small convnet with an L2 regularizer (its loss must count once), dropout-free so runs compare exactly. */
function convnet(custom = false, batchNorm = false): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [8, 8, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      ...(batchNorm ? [tfl.layers.batchNormalization({ momentum: 0.5 })] : []),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      ...(custom ? [new ScaleLayer({})] : []),
      tfl.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: init(2),
        kernelRegularizer: tfl.regularizers.l2({ l2: 0.01 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const data = (n: number) => ({
  x: tf.randomNormal([n, 8, 8, 1], 0, 1, 'float32', 3),
  y: tf.cast(tf.oneHot(tf.randomUniform([n], 0, 3, 'int32', 4), 3), 'float32'),
});

function maxDifference(a: tfl.LayersModel, b: tfl.LayersModel): number {
  const [wa, wb] = [a.getWeights(), b.getWeights()];
  const worst = wa.map((w, i) => tf.max(tf.abs(tf.sub(w, wb[i]))).dataSync()[0]);
  return Math.max(...worst);
}

describe('dataParallel', () => {
  it('trains to the same weights, loss and metrics as one thread (fit, with a regularizer)', async () => {
    const { x, y } = data(100); // 100 = 3 batches of 32 and one of 4 (trained on this thread alone)
    const single = convnet();
    const split = convnet();
    const handle = await parallel(split, { threads: 2 });
    expect(handle.decision).toBe('parallel');
    const a = await single.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    const b = await split.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    expect(handle.parallelSteps).toBe(6); // the 4-sample batches trained here alone
    expect(maxDifference(single, split)).toBeLessThan(1e-5);
    for (const key of ['loss', 'acc']) {
      (a.history[key] as number[]).forEach((v, i) => {
        expect(b.history[key][i]).toBeCloseTo(v, 5);
      });
    }
  });

  it('splits a batch in three, and trainOnBatch too', async () => {
    const { x, y } = data(48);
    const single = convnet();
    const split = convnet();
    const handle = await parallel(split, { threads: 3 });
    const a = await single.trainOnBatch(x, y);
    const b = await split.trainOnBatch(x, y);
    expect(handle.parallelSteps).toBe(1);
    expect((b as number[])[0]).toBeCloseTo((a as number[])[0], 5);
    expect(maxDifference(single, split)).toBeLessThan(1e-5);
  });

  it('leaks no tensors across training steps', async () => {
    const { x, y } = data(64);
    const model = convnet();
    await parallel(model, { threads: 2 });
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 }); // creates the optimizer's state
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('follows a recompile with another loss (a Sequential builds a new inner model), and gives the train function back on dispose', async () => {
    const { x, y } = data(32);
    const single = convnet();
    const split = convnet();
    const handle = await parallel(split, { threads: 2 });
    for (const m of [single, split]) m.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    await single.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
    await split.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
    expect(handle.parallelSteps).toBe(1);
    expect(maxDifference(single, split)).toBeLessThan(1e-5);
    await handle.dispose();
    expect(Object.hasOwn((split as unknown as { model: object }).model, 'makeTrainFunction')).toBe(false);
  });

  it("with threads: 'auto', decides after its calibration steps and trains the same bits either way", async () => {
    const { x, y } = data(256);
    const single = convnet();
    const inTurn = convnet();
    const split = convnet();
    const turnHandle = await parallel(inTurn, { threads: 1, shards: defaultThreads() });
    const handle = await parallel(split, {});
    expect(handle.decision).toBe(defaultThreads() > 1 ? 'calibrating' : 'single');
    await single.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
    // The calibration steps alternate between the two ways: the weights must not tell which ran when.
    const a = await inTurn.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
    const b = await split.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
    expect(['single', 'parallel']).toContain(handle.decision);
    expect(turnHandle.decision).toBe('single');
    expect(maxDifference(inTurn, split)).toBe(0);
    expect(b.history.loss).toEqual(a.history.loss);
    expect(maxDifference(single, split)).toBeLessThan(1e-5);
  });

  it('gives the same bits on two threads as two slices computed here in turn, batch normalization included', async () => {
    const { x, y } = data(72); // 2 batches of 32 split in two, one of 8 trained whole (minSamplesPerThread 8)
    const inTurn = convnet(false, true);
    const split = convnet(false, true);
    await parallel(inTurn, { threads: 1, shards: 2 });
    const handle = await parallel(split, { threads: 2 });
    const a = await inTurn.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    const b = await split.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    expect(handle.parallelSteps).toBe(4);
    // getWeights() holds the moving mean and variance: the other slice must not have moved them here either.
    expect(maxDifference(inTurn, split)).toBe(0);
    expect(b.history.loss).toEqual(a.history.loss);
    expect(b.history.acc).toEqual(a.history.acc);
    // And the slices are real: one slice trains other moving statistics.
    const whole = convnet(false, true);
    await whole.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    expect(maxDifference(whole, split)).toBeGreaterThan(0);
  });

  it('leaks no tensors computing the slices in turn', async () => {
    const { x, y } = data(64);
    const model = convnet(false, true);
    await parallel(model, { threads: 1, shards: 3 });
    await model.fit(x, y, { epochs: 1, batchSize: 30, verbose: 0 });
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 2, batchSize: 30, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rebuilds custom layers in the workers from the setup modules, and says so when they are missing', async () => {
    const { x, y } = data(32);
    await expect(dataParallel(convnet(true), { threads: 2 })).rejects.toThrow(/options\.setup/);
    const single = convnet(true);
    const split = convnet(true);
    await parallel(split, { threads: 2, setup: [SETUP] });
    await single.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    const handle = handles[handles.length - 1];
    await split.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    expect(handle.parallelSteps).toBe(2);
    expect(maxDifference(single, split)).toBeLessThan(1e-5);
  });

  it('rejects what it cannot do right, naming the fix', async () => {
    const model = convnet();
    await expect(dataParallel(model, { threads: 0 })).rejects.toThrow(/threads must be an integer in \[1, 64\]/);
    await expect(dataParallel(model, { threads: 2.5 })).rejects.toThrow(/threads/);
    await expect(dataParallel(model, { shards: 0 })).rejects.toThrow(/shards must be an integer in \[1, 64\], got 0/);
    await expect(dataParallel(model, { threads: 2, shards: 3 })).rejects.toThrow(
      /shards \(3\) must equal threads \(2\).*threads: 1/,
    );
    const plain = await dataParallel(model, { threads: 1 });
    expect([plain.threads, plain.decision, plain.parallelSteps]).toEqual([1, 'single', 0]);
    const uncompiled = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })] });
    await expect(dataParallel(uncompiled, { threads: 2 })).rejects.toThrow(/compile the model first/);
    const custom = convnet();
    custom.compile({ optimizer: 'sgd', loss: (a: tf.Tensor, b: tf.Tensor) => tf.losses.meanSquaredError(a, b) });
    await expect(dataParallel(custom, { threads: 2 })).rejects.toThrow(/names .*or train with threads: 1/);

    const { x, y } = data(32);
    const changed = convnet();
    await parallel(changed, { threads: 2 });
    changed.layers.find((l) => l.getClassName() === 'Conv2D')!.trainable = false;
    changed.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    await expect(changed.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 })).rejects.toThrow(
      /call dispose\(\) and dataParallel/,
    );
  });
});
