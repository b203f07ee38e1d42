import { roundTrip } from '@l0prune/testing/memory-io';
import { penaltyRegularizer, registerPenalty, type Penalty } from '@l0prune/regularizer';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { DecoupledPenaltyOptimizer, penaltyOptimizer } from '../src/index.js';

/**
 * A third party's penalty, written without touching l0prune: the log-sum penalty (the
 * reweighted-ℓ1 surrogate of Candès, Wakin & Boyd), Ω = α·Σ log(1 + |w|/ε), ∂Ω/∂w = α·sign(w)/(ε + |w|).
 */
class LogSumPenalty implements Penalty {
  readonly kind = 'logsum';
  constructor(
    readonly alpha: number,
    readonly epsilon: number,
  ) {
    if (!(alpha >= 0) || !(epsilon > 0))
      throw new RangeError(`logsum: alpha ≥ 0 and epsilon > 0 required, got ${alpha}, ${epsilon}`);
  }
  value(w: tf.Tensor): tf.Scalar {
    return tf.tidy(() => tf.mul(this.alpha, tf.sum(tf.log1p(tf.div(tf.abs(w), this.epsilon)))));
  }
  gradient(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.div(tf.mul(this.alpha, tf.sign(w)), tf.add(this.epsilon, tf.abs(w))));
  }
  scaled(factor: number): LogSumPenalty {
    return new LogSumPenalty(this.alpha * factor, this.epsilon);
  }
  getConfig(): Record<string, number> {
    return { alpha: this.alpha, epsilon: this.epsilon };
  }
}
registerPenalty('logsum', { parameters: ['alpha', 'epsilon'], create: (p) => new LogSumPenalty(p.alpha, p.epsilon) });

function mlp(regularized = false): tfl.LayersModel {
  const kernelRegularizer = regularized ? penaltyRegularizer('logsum', { alpha: 1e-3, epsilon: 0.1 }) : undefined;
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [5], units: 7, activation: 'tanh', name: 'h', kernelRegularizer }),
      tfl.layers.dense({ units: 3, name: 'out' }),
    ],
  });
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const [ALPHA, EPS, ETA] = [0.02, 0.05, 0.1];

/** One SGD step of J = mean squared error with the log-sum attraction on the kernels. */
function expectedStep(weights: tf.Tensor[], x: tf.Tensor, y: tf.Tensor): tf.Tensor[] {
  const grads = tf.grads((...ws: tf.Tensor[]) => {
    const [w1, b1, w2, b2] = ws;
    const o = tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, w1), b1)), w2), b2);
    return tf.mean(tf.square(tf.sub(o, y))) as tf.Scalar;
  })(weights);
  const penalty = new LogSumPenalty(ALPHA, EPS);
  const out = weights.map((w, i) =>
    tf.tidy(() => tf.sub(w, tf.mul(ETA, i % 2 === 0 ? tf.add(grads[i], penalty.gradient(w)) : grads[i]))),
  );
  tf.dispose(grads);
  return out;
}

describe('a third-party penalty with the decoupled optimizer', () => {
  it('trains through model.compile({ optimizer }) by eq. 17 with its own ∂Ω/∂w, saves and reloads with the model', async () => {
    const model = mlp();
    model.compile({
      optimizer: penaltyOptimizer(tf.train.sgd(ETA), 'logsum', { model, alpha: ALPHA, epsilon: EPS }),
      loss: 'meanSquaredError',
    });
    const x = tf.randomNormal([8, 5], 0, 1, 'float32', 1);
    const y = tf.randomNormal([8, 3], 0, 1, 'float32', 2);
    for (const m of [model]) {
      const before = m.getWeights().map((w) => w.clone());
      const expected = expectedStep(before, x, y);
      await m.fit(x, y, { batchSize: 8, epochs: 1, verbose: 0, shuffle: false });
      m.getWeights().forEach((w, i) => expect(maxDiff(w, expected[i])).toBeLessThan(1e-6));
      tf.dispose([...before, ...expected]);
    }
    const loaded = await roundTrip(model, true);
    expect(Object.prototype.isPrototypeOf.call(DecoupledPenaltyOptimizer.prototype, loaded.optimizer)).toBe(true);
    expect((loaded.optimizer as DecoupledPenaltyOptimizer).kind).toBe('logsum');
    expect((loaded.optimizer as DecoupledPenaltyOptimizer).globalParams).toEqual({ alpha: ALPHA, epsilon: EPS });
    const before = loaded.getWeights().map((w) => w.clone());
    const expected = expectedStep(before, x, y);
    await loaded.fit(x, y, { batchSize: 8, epochs: 1, verbose: 0, shuffle: false });
    loaded.getWeights().forEach((w, i) => expect(maxDiff(w, expected[i])).toBeLessThan(1e-6));
    tf.dispose([...before, ...expected, x, y]);
  });

  it('decoupled around Momentum, with NORM scaling its alpha per layer', async () => {
    const model = mlp();
    const opt = penaltyOptimizer(tf.train.momentum(0.05, 0.9), 'logsum', {
      model,
      alpha: ALPHA,
      epsilon: EPS,
      normalize: 'layer-size',
    });
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const [x, y] = [tf.randomNormal([8, 5]), tf.randomNormal([8, 3])];
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    const [h, out] = opt.penalizedWeights;
    expect(h.params.alpha).toBeCloseTo(ALPHA * Math.sqrt(35 / 35));
    expect(out.params.alpha).toBeCloseTo(ALPHA * Math.sqrt(21 / 35));
    expect(h.params.epsilon).toBe(EPS);
    tf.dispose([x, y]);
  });

  it('as a tfjs Regularizer (kernelRegularizer): restores from a saved model with its parameters', async () => {
    const model = mlp(true);
    const kernel = model.getLayer('h').getWeights()[0];
    const expected = tf.tidy(() => new LogSumPenalty(1e-3, 0.1).value(kernel).dataSync()[0]);
    const loaded = await roundTrip(model);
    const reg = (loaded.getLayer('h') as unknown as { kernelRegularizer: { apply(t: tf.Tensor): tf.Scalar } })
      .kernelRegularizer;
    expect(tf.tidy(() => reg.apply(loaded.getLayer('h').getWeights()[0]).dataSync()[0])).toBeCloseTo(expected, 6);
  });

  it('unknown penalties and parameters are clear errors', () => {
    const model = mlp();
    expect(() => penaltyOptimizer(tf.train.sgd(0.1), 'logsun', { model, alpha: 1 })).toThrow(
      /unknown penalty the string 'logsun'; registered penalties are .*logsum.*registerPenalty/,
    );
    expect(() => penaltyOptimizer(tf.train.sgd(0.1), 'logsum', { model, alpha: 1 })).toThrow(/epsilon is required/);
    expect(() => penaltyOptimizer(tf.train.sgd(0.1), 'logsum', { model, alpha: 1, epsilon: 0.1, beta: 2 })).toThrow(
      /unknown option\(s\) beta/,
    );
    expect(() => registerPenalty('log_sum', { parameters: [], create: () => new LogSumPenalty(1, 1) })).toThrow(
      /lower-case letters and digits/,
    );
  });
});
