import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { l0Optimizer, l1Optimizer, l2Optimizer } from '../src/index.js';

/** One weight starting at 1.0 under the zero attraction alone (zero loss gradient), as in Figure 1. */
function trajectory(make: (model: tfl.LayersModel) => tf.Optimizer, steps: number): number[] {
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [1], units: 1, useBias: false, kernelInitializer: 'ones' })],
  });
  const opt = make(model);
  const variable = model.trainableWeights[0].read() as tf.Variable;
  const path = [1];
  for (let i = 0; i < steps; i++) {
    const zero = tf.zerosLike(variable);
    opt.applyGradients({ [variable.name]: zero });
    zero.dispose();
    path.push(variable.dataSync()[0]);
  }
  return path;
}

const deltas = (p: number[]) => p.slice(1).map((w, i) => p[i] - w);

describe('zero-attraction-only trajectories (Figure 1)', () => {
  const eta = 0.1;
  it('ℓ2 decays exponentially: w_k = (1 − 2ηα)^k', () => {
    const path = trajectory((model) => l2Optimizer(tf.train.sgd(eta), { model, alpha: 0.05 }), 50);
    path.forEach((w, k) => expect(w).toBeCloseTo((1 - 2 * eta * 0.05) ** k, 5));
    const d = deltas(path);
    for (let i = 1; i < d.length; i++) expect(d[i]).toBeLessThan(d[i - 1]); // slower near zero
  });

  it('ℓ1 falls steadily by ηα per step', () => {
    const path = trajectory((model) => l1Optimizer(tf.train.sgd(eta), { model, alpha: 0.05 }), 50);
    for (const d of deltas(path)) expect(d).toBeCloseTo(eta * 0.05, 6);
  });

  it('ℓ0 falls faster as |w| → 0 and reaches a small threshold first', () => {
    // Same initial attraction rate for all three (as the paper sets up Figure 1).
    const beta = 5;
    const alpha0 = (2 * 0.05) / (beta * Math.exp(-beta)); // ηα₀βe^{−β} = 2ηα₂·1
    const l0 = trajectory((model) => l0Optimizer(tf.train.sgd(eta), { model, alpha: alpha0, beta }), 120);
    const l2 = trajectory((model) => l2Optimizer(tf.train.sgd(eta), { model, alpha: 0.05 }), 120);
    const l1 = trajectory((model) => l1Optimizer(tf.train.sgd(eta), { model, alpha: 0.1 }), 120);
    const d = deltas(l0);
    expect(d[0]).toBeCloseTo(deltas(l2)[0], 5);
    for (let i = 1; i < 20; i++) expect(d[i]).toBeGreaterThan(d[i - 1]); // accelerating
    const firstBelow = (p: number[]) => p.findIndex((w) => Math.abs(w) < 0.05);
    expect(firstBelow(l0)).toBeGreaterThan(0);
    expect(firstBelow(l0)).toBeLessThan(firstBelow(l1));
    expect(firstBelow(l2)).toBe(-1);
  });
});
