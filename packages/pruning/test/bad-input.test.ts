import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { globalMagnitude, maskedOptimizer, neuronPruning, prune, randomPruning, type Pruner } from '../src/index.js';
import { mlp } from './models.js';

describe('bad input', () => {
  it('targets out of range', () => {
    const model = mlp();
    expect(() => prune(model, globalMagnitude(), { compressionRatio: 0.5 })).toThrow(
      /compressionRatio must be a finite number ≥ 1/,
    );
    expect(() => prune(model, globalMagnitude(), { compressionRatio: NaN })).toThrow(/compressionRatio/);
    expect(() => prune(model, globalMagnitude(), { sparsity: 1 })).toThrow(/sparsity must be a number in \[0, 1\)/);
    expect(() => prune(model, globalMagnitude(), { sparsity: -0.1 })).toThrow(/sparsity/);
    expect(() => prune(model, globalMagnitude(), { sparsity: 0.5, compressionRatio: 2 } as never)).toThrow(
      /exactly one/,
    );
    expect(() => prune(model, globalMagnitude())).toThrow(/needs a target/);
  });

  it('an unreachable ratio and one that would empty a layer', () => {
    const model = mlp();
    model.layers.forEach((l) => l.setWeights(l.getWeights().map((w) => tf.onesLike(w)))); // nonzero biases
    expect(() => prune(model, globalMagnitude(), { compressionRatio: 1000 })).toThrow(/unreachable.*at most/);
    const scaled = mlp();
    const out = scaled.getLayer('out').getWeights();
    scaled.getLayer('out').setWeights([tf.mul(out[0], 1e-6), out[1]]); // tiny last layer: GP empties it
    expect(() => prune(scaled, globalMagnitude(), { sparsity: 0.9 })).toThrow(/every prunable weight of 'out'/);
    expect(() => prune(scaled, globalMagnitude(), { sparsity: 0.9 }, { allowEmptyLayers: true })).not.toThrow();
  });

  it('a model without prunable weights, a non-pruner, bad pruner options', () => {
    const empty = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [2, 2] })] });
    expect(() => prune(empty, globalMagnitude(), { sparsity: 0.5 })).toThrow(/no prunable weights/);
    // @ts-expect-error not a pruner
    expect(() => prune(mlp(), {}, { sparsity: 0.5 })).toThrow(/pruner must be a Pruner/);
    expect(() => randomPruning({ seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => neuronPruning({})).toThrow(/exactly one target/);
    expect(() => neuronPruning({ fraction: 1 })).toThrow(/fraction must be a number in \[0, 1\)/);
  });

  it('masks whose names or shapes do not match', () => {
    const model = mlp();
    const badName: Pruner = {
      name: 'bad-name',
      computeMasks: () => new Map([['nope', { shape: [1], values: new Uint8Array(1) }]]),
    };
    expect(() => prune(model, badName, { sparsity: 0.5 })).toThrow(/mask 'nope' names no weight/);
    const kernel = model.getLayer('fc1').weights[0].name;
    const badShape: Pruner = {
      name: 'bad-shape',
      computeMasks: () => new Map([[kernel, { shape: [2, 2], values: new Uint8Array(4) }]]),
    };
    expect(() => prune(model, badShape, { sparsity: 0.5 })).toThrow(
      /has shape \[2, 2\].*the weight has shape \[20, 16\]/,
    );
    expect(() =>
      maskedOptimizer(tf.train.sgd(0.1), new Map([[kernel, { shape: [3], values: new Uint8Array(3) }]])),
    ).toThrow(/has shape \[3\]/);
    expect(() =>
      maskedOptimizer(tf.train.sgd(0.1), new Map([['ghost', { shape: [3], values: new Uint8Array(3) }]])),
    ).toThrow(/mask 'ghost' names no weight/);
    // @ts-expect-error not a Map
    expect(() => maskedOptimizer(tf.train.sgd(0.1), {})).toThrow(/masks must be a Map/);
  });
});
