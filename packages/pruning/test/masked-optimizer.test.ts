import * as tf from '@tensorflow/tfjs-core';
import * as tfd from '@tensorflow/tfjs-data';
import type * as tfl from '@tensorflow/tfjs-layers';
import { l2l0Optimizer } from '@l0prune/optimizer';
import { prunableWeights } from '@l0prune/core';
import { describe, expect, it } from 'vitest';
import {
  MaskedOptimizer,
  globalMagnitude,
  gradualPruning,
  maskedOptimizer,
  polynomialDecay,
  prune,
} from '../src/index.js';
import { mlp } from './models.js';
import { roundTrip } from '@l0prune/testing/memory-io';

const data = () => [
  tf.randomNormal([32, 20], 0, 1, 'float32', 7),
  tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 32 }, (_, i) => i % 4),
      'int32',
    ),
    4,
  ),
];
const zeroPositions = (model: tfl.LayersModel) =>
  prunableWeights(model).map((w) => Array.from(w.variable.read().dataSync()).flatMap((v, i) => (v === 0 ? [i] : [])));

describe('maskedOptimizer', () => {
  it.each([
    ['momentum', () => tf.train.momentum(0.1, 0.9)],
    ['adam', () => tf.train.adam(0.05)],
    ['l2l0(sgd)', () => null],
  ])('holds pruned weights at exactly zero through fit, fitDataset and trainOnBatch (%s)', async (_n, make) => {
    const model = mlp();
    const [x, y] = data();
    // Train first so momentum/Adam state is nonzero everywhere, then prune and fine-tune.
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    const { masks } = prune(model, globalMagnitude(), { compressionRatio: 4 });
    const zeros = zeroPositions(model);
    const keptBefore = prunableWeights(model).map((w) => Array.from(w.variable.read().dataSync()));
    const inner = make() ?? l2l0Optimizer(tf.train.sgd(0.1), { model, alphaL2: 1e-3, alphaL0: 1e-3, beta: 5 });
    model.compile({ optimizer: maskedOptimizer(inner, masks), loss: 'categoricalCrossentropy' });
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0 });
    const ds = tfd.zip({ xs: tfd.array(tf.unstack(x)), ys: tfd.array(tf.unstack(y)) }).batch(8);
    await model.fitDataset(ds as never, { epochs: 1, verbose: 0 });
    await model.trainOnBatch(x, y);
    expect(zeroPositions(model)).toEqual(zeros);
    // …while the kept weights did train: in every kernel some moved, and a good share overall (not all:
    // units a ReLU has silenced after the Adam warm-up get no gradient, and how many varies run to run).
    let kept = 0;
    let moved = 0;
    prunableWeights(model).forEach((w, j) => {
      const mask = masks.get(w.name)!.values;
      let movedHere = 0;
      w.variable
        .read()
        .dataSync()
        .forEach((v, i) => {
          if (mask[i] === 0) return;
          kept++;
          if (v !== keptBefore[j][i]) movedHere++;
        });
      expect(movedHere, `kept weights of ${w.name} that moved`).toBeGreaterThan(0);
      moved += movedHere;
    });
    expect(moved / kept).toBeGreaterThan(0.2);
  });

  it('restores from a saved model and keeps holding the zeros', async () => {
    const model = mlp();
    const [x, y] = data();
    const { masks } = prune(model, globalMagnitude(), { sparsity: 0.8 });
    model.compile({ optimizer: maskedOptimizer(tf.train.momentum(0.1, 0.9), masks), loss: 'categoricalCrossentropy' });
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    const loaded = await roundTrip(model, true);
    expect(Object.prototype.isPrototypeOf.call(MaskedOptimizer.prototype, loaded.optimizer)).toBe(true);
    const zeros = zeroPositions(loaded);
    await loaded.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    expect(zeroPositions(loaded)).toEqual(zeros);
  });

  it('leaks no tensors over training, pruning and re-masking', async () => {
    const model = mlp();
    const [x, y] = data();
    const opt = maskedOptimizer(tf.train.adam(0.01));
    model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
    opt.setMasks(prune(model, globalMagnitude(), { sparsity: 0.5 }).masks);
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      opt.setMasks(prune(model, globalMagnitude(), { sparsity: 0.5 + 0.1 * i }).masks);
      await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('gradual pruning', () => {
  it('follows the polynomial schedule and holds masks between pruning steps', async () => {
    const model = mlp();
    const [x, y] = data();
    model.compile({ optimizer: maskedOptimizer(tf.train.adam(0.01)), loss: 'categoricalCrossentropy' });
    const schedule = polynomialDecay({
      initialSparsity: 0.2,
      finalSparsity: 0.8,
      beginStep: 0,
      endStep: 12,
      frequency: 4,
    });
    const seen: Array<[number, number]> = [];
    const callback = gradualPruning({
      pruner: globalMagnitude(),
      schedule,
      onPrune: (step, r) => seen.push([step, 1 - r.report.nonzero / r.report.params]),
    });
    await model.fit(x, y, { epochs: 4, batchSize: 8, verbose: 0, callbacks: [callback] }); // 16 steps
    expect(seen.map(([s]) => s)).toEqual([0, 4, 8, 12]);
    // Cubic decay: 0.8 + (0.2 − 0.8)(1 − t/12)³.
    const expected = [0.2, 0.8 - 0.6 * (2 / 3) ** 3, 0.8 - 0.6 * (1 / 3) ** 3, 0.8];
    [0, 4, 8, 12].forEach((t, i) => expect(schedule.sparsityAt(t)).toBeCloseTo(expected[i], 12));
    expect(schedule.sparsityAt(5)).toBeUndefined();
    const phi = prunableWeights(model).reduce((s, w) => s + w.size, 0);
    const zeros = zeroPositions(model).flat().length;
    expect(zeros).toBe(Math.round(0.8 * phi)); // held after the last pruning step, through 3 more steps
  });

  it('needs a masked optimizer', async () => {
    const model = mlp();
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const cb = gradualPruning({
      pruner: globalMagnitude(),
      schedule: polynomialDecay({ initialSparsity: 0, finalSparsity: 0.5, beginStep: 0, endStep: 2 }),
    });
    await expect(model.fit(tf.ones([2, 20]), tf.ones([2, 4]), { verbose: 0, callbacks: [cb] })).rejects.toThrow(
      /compile the model with maskedOptimizer/,
    );
    expect(() => polynomialDecay({ initialSparsity: 0.5, finalSparsity: 0.2, beginStep: 0, endStep: 10 })).toThrow(
      /finalSparsity/,
    );
    expect(() => polynomialDecay({ initialSparsity: 0, finalSparsity: 0.2, beginStep: 5, endStep: 5 })).toThrow(
      /endStep must be an integer ≥ 6/,
    );
  });
});
