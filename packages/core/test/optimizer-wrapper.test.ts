import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { OptimizerWrapper, deserializeOptimizer, serializeOptimizer, type GradientList } from '../src/index.js';

class PassThrough extends OptimizerWrapper {
  static readonly className = 'PassThroughTest';
  override getConfig() {
    return this.innerConfig();
  }
}

class Reverser extends OptimizerWrapper {
  static readonly className = 'ReverserTest';
  protected override transformGradients(g: GradientList): GradientList {
    return [...g].reverse();
  }
  override getConfig() {
    return this.innerConfig();
  }
}

function run(opt: tf.Optimizer, v: tf.Variable[], steps: number) {
  for (let i = 0; i < steps; i++)
    opt.minimize(() => tf.add(tf.sum(tf.square(v[0])), tf.sum(tf.mul(v[1], 3))), false, v);
}

describe('OptimizerWrapper', () => {
  it('a pass-through wrapper trains exactly like its inner momentum optimizer', async () => {
    const make = () => [tf.variable(tf.tensor1d([1, -2, 3])), tf.variable(tf.tensor1d([0.5, 0.25]))];
    const [a, b] = [make(), make()];
    const wrapped = new PassThrough(tf.train.momentum(0.1, 0.9));
    run(tf.train.momentum(0.1, 0.9), a, 5);
    run(wrapped, b, 5);
    a.forEach((v, i) => expect(Array.from(b[i].dataSync())).toEqual(Array.from(v.dataSync())));
    expect(wrapped.iterations).toBe(5);
    expect(wrapped.learningRate).toBe(0.1);
    expect((await wrapped.getWeights()).length).toBe(1 + 2); // iterations + one slot per variable
  });

  it('rejects a transform that reorders the list (inner state is kept by position)', () => {
    const v = [tf.variable(tf.scalar(1)), tf.variable(tf.scalar(2))];
    expect(() => run(new Reverser(tf.train.sgd(0.1)), v, 1)).toThrow(/same variables in the same order/);
  });

  it('serializes and restores inner optimizers through the tfjs registry', () => {
    const adam = tf.train.adam(0.003, 0.8, 0.95);
    const restored = deserializeOptimizer(serializeOptimizer(adam));
    expect(restored.getClassName()).toBe('Adam');
    expect(restored.getConfig()).toEqual(adam.getConfig());
    expect(() => deserializeOptimizer({ className: 'Nope', config: {} })).toThrow(
      /'Nope': no such class is registered/,
    );
  });

  it('rejects a non-optimizer', () => {
    // @ts-expect-error not an optimizer
    expect(() => new PassThrough(42)).toThrow(/'inner' must be a tf.Optimizer/);
  });
});
