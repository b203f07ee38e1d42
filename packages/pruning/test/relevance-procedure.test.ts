import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { prunableWeights } from '@l0prune/core';
import { relevanceOptimizer } from '@l0prune/optimizer';
import { describe, expect, it } from 'vitest';
import {
  createPruner,
  maskedOptimizer,
  plateauPruning,
  prune,
  thresholdBisection,
  validationLoss,
  type Pruner,
} from '../src/index.js';
import { mlp } from './models.js';

const kernelValues = (model: tfl.LayersModel) =>
  prunableWeights(model).map((w) => Array.from(w.variable.read().dataSync()));

/**
 * A constructed loss: 1 + the squared magnitude removed from the original weights. Removing the
 * k smallest weights stays within a 5% tolerance exactly while their sum of squares ≤ 0.05.
 */
function removedMassLoss(original: number[][]) {
  return (model: tfl.LayersModel) => {
    const now = kernelValues(model);
    let mass = 0;
    now.forEach((values, t) => values.forEach((v, i) => (mass += (original[t][i] - v) ** 2)));
    return 1 + mass;
  };
}

describe('thresholdBisection', () => {
  it('finds the largest global threshold whose loss stays within the tolerance of the current one', () => {
    const model = mlp();
    const original = kernelValues(model);
    const pruner = thresholdBisection({ validationLoss: removedMassLoss(original), tolerance: 0.05, resolution: 1e-6 });
    const sorted = original
      .flat()
      .map(Math.abs)
      .sort((a, b) => a - b);
    let expected = 0;
    for (let mass = 0; expected < sorted.length && mass + sorted[expected] ** 2 <= 0.05 * (1 + 1e-6); expected++)
      mass += sorted[expected] ** 2;
    const { report } = prune(model, pruner);
    expect(report.nonzeroBefore - report.nonzero).toBe(expected);
    expect(pruner.lastSearch!.removed).toBe(expected);
    expect(pruner.lastSearch!.threshold).toBeCloseTo(sorted[expected - 1], 6);
    expect(pruner.lastSearch!.lossAfter).toBeLessThanOrEqual(1.05);
    // Every weight below the threshold is gone; every weight above it is untouched.
    kernelValues(model)
      .flat()
      .forEach((v, i) => {
        const w = original.flat()[i];
        expect(v).toBe(Math.abs(w) <= pruner.lastSearch!.threshold ? 0 : Math.fround(w));
      });
    expect(pruner.lastSearch!.evaluations).toBeLessThan(25);
  });

  it('removes nothing when no threshold keeps the loss within tolerance, and restores the weights', () => {
    const model = mlp();
    const original = kernelValues(model);
    const pruner = thresholdBisection({ validationLoss: removedMassLoss(original), tolerance: 0, resolution: 1e-6 });
    const before = tf.memory().numTensors;
    const { report } = prune(model, pruner);
    expect(report.nonzero).toBe(report.nonzeroBefore);
    expect(kernelValues(model)).toEqual(original);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('never goes past a target it is given', () => {
    const model = mlp();
    const pruner = thresholdBisection({ validationLoss: () => 1, tolerance: 0.05 }); // everything is "free"
    const { report } = prune(model, pruner, { compressionRatio: 3 });
    expect(report.compressionRatio).toBeGreaterThanOrEqual(2.99);
    expect(report.compressionRatio).toBeLessThan(3.1);
  });

  it('restores the weights when the loss function throws', () => {
    const model = mlp();
    const original = kernelValues(model);
    let calls = 0;
    const pruner = thresholdBisection({
      validationLoss: () => {
        if (++calls > 1) throw new Error('boom');
        return 1;
      },
    });
    expect(() => prune(model, pruner)).toThrow('boom');
    expect(kernelValues(model)).toEqual(original);
  });

  it('is registered by name and rejects bad options', () => {
    expect(createPruner('lobster', { validationLoss: () => 1 }).name).toBe('threshold-bisection');
    expect(() => createPruner('threshold-bisection', {})).toThrow(/validationLoss is required/);
    expect(() => thresholdBisection({ validationLoss: () => 1, tolerance: -1 })).toThrow(
      /tolerance must be a finite number ≥ 0.*-1/,
    );
    expect(() => thresholdBisection({ validationLoss: () => 1, resolution: 2 })).toThrow(
      /resolution must be a finite number in \(0, 1\), got 2/,
    );
  });
});

describe('plateauPruning with the relevance optimizer (the LOBSTER procedure)', () => {
  // A learnable task: the class is the largest of the first four inputs.
  const data = () => {
    const x = tf.randomNormal([64, 20], 0, 1, 'float32', 7);
    return [x, tf.tidy(() => tf.oneHot(tf.argMax(tf.slice(x, [0, 0], [64, 4]), 1), 4))];
  };

  it('prunes at each plateau, holds the masks while training goes on, and stops when a step removes nothing', async () => {
    const model = mlp();
    const [x, y] = data();
    const optimizer = maskedOptimizer(relevanceOptimizer(tf.train.momentum(0.05, 0.9), { model, lambda: 0.01 }));
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    // A pruner that removes 30% of the nonzeros at the first plateau and nothing at the second.
    let calls = 0;
    const gp = createPruner('gp');
    const pruner: Pruner = {
      name: 'once',
      computeMasks: (weights, request) => {
        calls++;
        const nonzero = weights.reduce((s, w) => s + w.values.filter((v) => v !== 0).length, 0);
        return gp.computeMasks(weights, { ...request, keep: calls === 1 ? Math.floor(nonzero * 0.7) : nonzero });
      },
    };
    const zerosAfterFirst: number[][] = [];
    const callback = plateauPruning({
      pruner,
      monitor: () => 1, // a flat line: a plateau every `patience` epochs
      patience: 2,
      onPrune: () => {
        if (zerosAfterFirst.length === 0)
          zerosAfterFirst.push(...kernelValues(model).map((v) => v.flatMap((w, i) => (w === 0 ? [i] : []))));
      },
    });
    // Warm up so momentum slots and (all-ones) masks exist: then any tensor count change is a leak.
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    optimizer.setMasks(prune(model, gp, { compressionRatio: 1 }).masks);
    const before = tf.memory().numTensors;
    const history = await model.fit(x, y, { epochs: 10, batchSize: 16, verbose: 0, callbacks: [callback] });
    expect(callback.steps).toBe(2);
    expect(callback.done).toBe(true);
    expect(history.epoch.length).toBe(5); // epochs 3 and 5 prune; the second removes nothing and stops training
    const zerosNow = kernelValues(model).map((v) => v.flatMap((w, i) => (w === 0 ? [i] : [])));
    expect(zerosNow).toEqual(zerosAfterFirst); // held through two more epochs of relevance decay + momentum
    expect(zerosNow.flat().length).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before); // masks replaced, not piled up; no leak
  });

  it('works end to end with thresholdBisection on the validation loss', async () => {
    const model = mlp();
    const [x, y] = data();
    model.compile({
      optimizer: maskedOptimizer(relevanceOptimizer(tf.train.momentum(0.05, 0.9), { model, lambda: 0.05 })),
      loss: 'categoricalCrossentropy',
    });
    const loss = validationLoss(x, y);
    const callback = plateauPruning({
      pruner: thresholdBisection({ validationLoss: loss, tolerance: 0.05 }),
      monitor: loss,
      patience: 1,
      minDelta: 0.5,
    });
    await model.fit(x, y, { epochs: 6, batchSize: 16, verbose: 0, callbacks: [callback] });
    expect(callback.steps).toBeGreaterThan(0);
    const r = callback.lastResult!.report;
    expect(r.nonzero).toBeLessThan(r.params);
  });

  it('needs a masked optimizer and valid options', async () => {
    const model = mlp();
    const [x, y] = data();
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    const cb = plateauPruning({ pruner: createPruner('gp'), monitor: () => 1 });
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [cb] })).rejects.toThrow(/maskedOptimizer/);
    expect(() => plateauPruning({ pruner: createPruner('gp'), monitor: () => 1, patience: 0 })).toThrow(
      /patience must be an integer ≥ 1/,
    );
    expect(() => plateauPruning({ pruner: createPruner('gp'), monitor: undefined as never })).toThrow(
      /monitor is required/,
    );
  });
});
