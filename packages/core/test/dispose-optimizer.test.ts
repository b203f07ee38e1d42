import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { OptimizerWrapper, disposeOptimizer } from '../src/index.js';

class PassThrough extends OptimizerWrapper {
  static readonly className = 'PassThroughForDisposeTest';
  override getConfig() {
    return this.innerConfig();
  }
}

describe('disposeOptimizer', () => {
  const takeAStep = (optimizer: tf.Optimizer) => {
    const [initial, gradient] = [tf.ones([3]), tf.ones([3])];
    const w = tf.variable(initial, true, `w${Math.random()}`);
    optimizer.applyGradients({ [w.name]: gradient }); // creates the optimizer's state
    tf.dispose([initial, gradient]);
    return w;
  };

  it.each<[string, () => tf.Optimizer]>([
    ['sgd', () => tf.train.sgd(0.1)],
    ['momentum (tensorflow/tfjs#4647)', () => tf.train.momentum(0.1, 0.9)],
    ['adam', () => tf.train.adam(0.01)],
    ['a wrapper around momentum', () => new PassThrough(tf.train.momentum(0.1, 0.9))],
  ])('frees every tensor of %s, state included', (_name, make) => {
    const before = tf.memory().numTensors;
    const optimizer = make();
    const w = takeAStep(optimizer);
    w.dispose();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    disposeOptimizer(optimizer);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is safe to call twice and with no optimizer', () => {
    const before = tf.memory().numTensors;
    const optimizer = tf.train.momentum(0.1, 0.9);
    disposeOptimizer(optimizer);
    disposeOptimizer(optimizer);
    disposeOptimizer(undefined);
    expect(tf.memory().numTensors).toBe(before);
  });
});
