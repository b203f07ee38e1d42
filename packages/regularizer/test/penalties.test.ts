import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { L0Penalty, L1Penalty, L2L0Penalty, L2Penalty, type Penalty } from '../src/index.js';

const w = [-1.5, -0.2, -0.01, 0, 0.003, 0.4, 2];
const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('penalties', () => {
  it('ℓ0: α·Σ(1 − e^{−β|w|}) (eq. 11), gradient αβ·sign(w)·e^{−β|w|} (eq. 13)', () => {
    const p = new L0Penalty({ alpha: 0.3, beta: 5 });
    const t = tf.tensor1d(w);
    expect(p.value(t).dataSync()[0]).toBeCloseTo(0.3 * w.reduce((s, x) => s + 1 - Math.exp(-5 * Math.abs(x)), 0), 5);
    values(p.gradient(t)).forEach((g, i) =>
      expect(g).toBeCloseTo(0.3 * 5 * Math.sign(w[i]) * Math.exp(-5 * Math.abs(w[i])), 5),
    );
  });

  it('ℓ1, ℓ2 and ℓ2+ℓ0 values and gradients', () => {
    const t = tf.tensor1d(w);
    const l1 = new L1Penalty({ alpha: 0.5 });
    const l2 = new L2Penalty({ alpha: 0.5 });
    const l2l0 = new L2L0Penalty({ alphaL2: 0.1, alphaL0: 0.2, beta: 10 });
    expect(l1.value(t).dataSync()[0]).toBeCloseTo(0.5 * w.reduce((s, x) => s + Math.abs(x), 0), 5);
    expect(l2.value(t).dataSync()[0]).toBeCloseTo(0.5 * w.reduce((s, x) => s + x * x, 0), 5);
    values(l1.gradient(t)).forEach((g, i) => expect(g).toBeCloseTo(0.5 * Math.sign(w[i]), 6));
    values(l2.gradient(t)).forEach((g, i) => expect(g).toBeCloseTo(w[i], 6));
    values(l2l0.gradient(t)).forEach((g, i) =>
      expect(g).toBeCloseTo(0.2 * w[i] + 0.2 * 10 * Math.sign(w[i]) * Math.exp(-10 * Math.abs(w[i])), 5),
    );
  });

  it('each gradient is the derivative of its value (autodiff check away from 0)', () => {
    const penalties: Penalty[] = [
      new L0Penalty({ alpha: 0.7, beta: 3 }),
      new L1Penalty({ alpha: 0.7 }),
      new L2Penalty({ alpha: 0.7 }),
      new L2L0Penalty({ alphaL2: 0.2, alphaL0: 0.5, beta: 2 }),
    ];
    const t = tf.tensor1d(w.filter((x) => x !== 0));
    for (const p of penalties) {
      const auto = tf.grad((x: tf.Tensor) => p.value(x))(t);
      values(p.gradient(t)).forEach((g, i) => expect(g).toBeCloseTo(auto.dataSync()[i], 5));
    }
  });

  it('scaled() multiplies every α and keeps β', () => {
    expect(new L2L0Penalty({ alphaL2: 0.1, alphaL0: 0.2, beta: 4 }).scaled(0.5).getConfig()).toEqual({
      alphaL2: 0.05,
      alphaL0: 0.1,
      beta: 4,
    });
    expect(new L0Penalty({ alpha: 2, beta: 4 }).scaled(3).getConfig()).toEqual({ alpha: 6, beta: 4 });
  });

  it('rejects bad α and β naming the parameter and the valid range', () => {
    expect(() => new L0Penalty({ alpha: 0.1, beta: 0 })).toThrow(/beta must be a finite number > 0.*got 0/);
    expect(() => new L0Penalty({ alpha: 0.1, beta: -2 })).toThrow(/beta/);
    expect(() => new L0Penalty({ alpha: -1, beta: 5 })).toThrow(/alpha must be a finite number ≥ 0, got -1/);
    expect(() => new L0Penalty({ alpha: NaN, beta: 5 })).toThrow(/alpha.*NaN/);
    expect(() => new L2Penalty({ alpha: Infinity })).toThrow(/alpha.*Infinity/);
    expect(() => new L2L0Penalty({ alphaL2: 0.1, alphaL0: -0.1, beta: 5 })).toThrow(/alphaL0 must be/);
    // @ts-expect-error missing arguments
    expect(() => new L1Penalty()).toThrow(/alpha.*undefined/);
  });

  it('warns once when β < 1', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    new L0Penalty({ alpha: 0.1, beta: 0.5 });
    new L0Penalty({ alpha: 0.2, beta: 0.5 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/beta = 0.5 < 1/);
    warn.mockRestore();
  });
});
